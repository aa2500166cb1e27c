package org.iom.kit.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iom.kit.web.ServiceProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Profile {@code oidc} (CONTRACT §9): people sign in at the organisation's OpenID Connect issuer, and the API
 * accepts its access tokens (signed by a key of its JWK set, for our audience, not expired) besides our own
 * access tokens, which the web UI keeps as its session and forwards with writes. No password of ours exists here:
 * no directory, no HTTP Basic.
 */
@Configuration(proxyBeanMethods = false)
@Profile(OidcSecurityConfiguration.PROFILE)
@EnableConfigurationProperties(OidcProperties.class)
public class OidcSecurityConfiguration {

    public static final String PROFILE = "oidc";

    @Bean
    OidcUsers oidcUsers(OidcProperties properties, ObjectProvider<Delegations> delegations) {
        return new OidcUsers(properties, delegations);
    }

    @Bean
    AccessTokens accessTokens(SecurityProperties properties, ServiceProperties service, OidcUsers users) {
        return new AccessTokens(TokenSecret.of(properties, service.dataDir()), users::fromSession);
    }

    @Bean
    ApiSignIn apiSignIn(OidcProperties properties, AccessTokens tokens, OidcUsers users) {
        AuthenticationManager issuerTokens = issuerTokens(properties, users);
        return new ApiSignIn() {
            @Override
            public void configure(HttpSecurity http, AuthenticationEntryPoint unauthenticated) {
                http.oauth2ResourceServer(tokens.resourceServer(AccessTokens.headerOrCookie(), unauthenticated,
                        properties.issuerUri(), issuerTokens));
            }

            @Override
            public String challenge(HttpServletRequest request, HttpServletResponse response) {
                response.setHeader("WWW-Authenticate", "Bearer");
                return "sign in at " + properties.issuerUri() + " and send its access token for "
                        + properties.audience();
            }
        };
    }

    /**
     * The issuer's tokens. Its keys are looked up at the first token, not at start-up, so a service may start
     * before its issuer; a failed look-up is tried again with the next token.
     */
    private static AuthenticationManager issuerTokens(OidcProperties properties, OidcUsers users) {
        JwtDecoder decoder = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder discovered = NimbusJwtDecoder.withIssuerLocation(properties.issuerUri())
                    .discoverJwsAlgorithms().build();
            discovered.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                    JwtValidators.createDefaultWithIssuer(properties.issuerUri()),
                    new JwtAudienceValidator(properties.audience())));
            return discovered;
        });
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(jwt -> {
            IdmUser user = users.fromIssuer(jwt.getClaims());
            return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        });
        return new ProviderManager(provider);
    }
}
