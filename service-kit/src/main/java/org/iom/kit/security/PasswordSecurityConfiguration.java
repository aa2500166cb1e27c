package org.iom.kit.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iom.kit.security.throttle.SignInRefusals;
import org.iom.kit.web.ServiceProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.util.Optional;

/**
 * Our own users (CONTRACT §6's demo users, or {@code idm.security.users}): HTTP Basic against their passwords, or
 * a bearer access token ({@link AccessTokens}) that names one of them. Everywhere but in profile {@code oidc}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!" + OidcSecurityConfiguration.PROFILE)
class PasswordSecurityConfiguration {

    private static final String REALM = "IDM Theme Selection";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** A service that keeps no accreditation roster lets no delegate speak for a state: its delegates read only. */
    @Bean
    UserDirectory userDirectory(SecurityProperties properties, PasswordEncoder encoder,
                                ObjectProvider<Delegations> delegations) {
        return new UserDirectory(properties, encoder, delegations.getIfAvailable(() -> username -> Optional.empty()));
    }

    @Bean
    AccessTokens accessTokens(SecurityProperties properties, UserDirectory users, ServiceProperties service) {
        return new AccessTokens(TokenSecret.of(properties, service.dataDir()), users);
    }

    @Bean
    AuthenticationManager authenticationManager(UserDirectory users, PasswordEncoder encoder,
                                                SecurityProperties properties, SignInRefusals refusals) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        return new ProviderManager(refusals.throttled(new CachingAuthenticationProvider(passwords, users,
                properties.credentialCacheTtl(), properties.credentialCacheSize())));
    }

    @Bean
    ApiSignIn apiSignIn(AuthenticationManager authenticationManager, AccessTokens tokens) {
        return new ApiSignIn() {
            @Override
            public void configure(HttpSecurity http, AuthenticationEntryPoint unauthenticated) throws Exception {
                http.authenticationManager(authenticationManager)
                        .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthenticated))
                        .oauth2ResourceServer(tokens.resourceServer(AccessTokens.headerOrCookie(), unauthenticated));
            }

            @Override
            public String challenge(HttpServletRequest request, HttpServletResponse response) {
                if (!fromWebPage(request)) {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                }
                return "sign in with a valid user name and password, or a valid access token";
            }
        };
    }

    /** A Basic challenge would make the browser pop up its own password dialog over the web UI. */
    private static boolean fromWebPage(HttpServletRequest request) {
        String fetchMode = request.getHeader("Sec-Fetch-Mode");
        return AccessTokens.sessionCookie(request) != null || (fetchMode != null && !"navigate".equals(fetchMode));
    }
}
