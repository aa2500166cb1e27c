package org.iom.kit.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The OpenID Connect issuer of profile {@code oidc} (CONTRACT §9), idm.security.oidc.*: its {@code issuerUri}
 * (discovery and JWK set from there), the {@code audience} its tokens must name for this API, the claim that
 * names a person ({@code usernameClaim}: the roster knows people by it, so the issuer must keep it unique and
 * unchangeable) and the one that lists their staff roles ({@code rolesClaim}, a path such as
 * {@code realm_access.roles}). The web UI signs in as the client {@code clientId} (with {@code clientSecret}, or
 * as a public client without one), asking for {@code scopes}.
 */
@ConfigurationProperties("idm.security.oidc")
public record OidcProperties(String issuerUri, String audience, String usernameClaim, String rolesClaim,
                             String clientId, String clientSecret, List<String> scopes) {

    public OidcProperties {
        require(issuerUri, "issuer-uri (IDM_OIDC_ISSUER_URI)");
        require(audience, "audience (IDM_OIDC_AUDIENCE)");
        require(usernameClaim, "username-claim");
        require(rolesClaim, "roles-claim");
        scopes = scopes == null ? List.of() : scopes;
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("profile oidc needs idm.security.oidc." + name);
        }
    }
}
