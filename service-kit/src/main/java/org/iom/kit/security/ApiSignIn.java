package org.iom.kit.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * How a caller of the API proves who it is: our passwords and access tokens ({@link PasswordSecurityConfiguration}),
 * or the tokens of an OpenID Connect issuer ({@link OidcSecurityConfiguration}, profile {@code oidc}).
 */
public interface ApiSignIn {

    /** Adds this way in to the API's filter chain; a caller it does not accept goes to {@code unauthenticated}. */
    void configure(HttpSecurity http, AuthenticationEntryPoint unauthenticated) throws Exception;

    /** Adds its challenge to a 401, if it has one, and says what the caller should send instead. */
    String challenge(HttpServletRequest request, HttpServletResponse response);
}
