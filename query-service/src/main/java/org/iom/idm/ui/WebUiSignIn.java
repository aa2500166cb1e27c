package org.iom.idm.ui;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

import java.util.Optional;

/**
 * How a visitor of the web UI signs in: our sign-in form ({@link WebUiPasswordSecurityConfiguration}), or the
 * organisation's OpenID Connect issuer ({@link WebUiOidcSecurityConfiguration}, profile {@code oidc}). Either ends
 * with our access token in the session cookie, which the rest of the web UI's security reads.
 */
interface WebUiSignIn {

    void configure(HttpSecurity http) throws Exception;

    /** Where the sign-in page sends its visitor to sign in at the issuer; empty where it has its own form. */
    default Optional<String> issuerStart() {
        return Optional.empty();
    }
}
