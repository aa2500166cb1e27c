package org.iom.idm.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.SecurityHeaders;
import org.iom.kit.security.WebSecurityConfiguration;
import org.iom.kit.security.throttle.SignInRefusals;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseCookie;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

import java.time.Duration;

/**
 * The web UI's pages: a sign-in ({@link WebUiSignIn}), then a signed access token in an HttpOnly, same-site cookie
 * instead of a server-side session, so no password is kept and any query instance can serve the next page. The
 * scripts call {@code /api} on this same origin with that cookie (the API's own security accepts it too). Signing
 * in leads back to the page that asked for it ({@link SignInReturn}).
 */
@Configuration
class WebUiSecurityConfiguration {

    static final String SIGN_IN = "/login";
    static final String HOME = "/consultations";

    @Bean
    @Order(1)
    SecurityFilterChain webUiSecurity(HttpSecurity http, WebUiSignIn signIn, AccessTokens tokens,
                                      SignInRefusals refusals) throws Exception {
        AuthenticationEntryPoint toSignIn = refusals.around((request, response, failure) -> {
            boolean expired = AccessTokens.sessionCookie(request) != null;
            if (expired) {
                clearSession(response);
            }
            response.sendRedirect(SignInReturn.signInAddress(expired ? "expired" : null,
                    SignInReturn.askedBy(request)));
        });
        http.securityMatcher(new NegatedRequestMatcher(new OrRequestMatcher(
                        PathPatternRequestMatcher.pathPattern("/api/**"),
                        PathPatternRequestMatcher.pathPattern("/actuator/**"))))
                // The cookie is SameSite=Strict, so no other site's page can send it along.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .addLogoutHandler((request, response, authentication) -> clearSession(response))
                        .logoutSuccessUrl(SIGN_IN + "?signedOut"))
                .oauth2ResourceServer(tokens.resourceServer(AccessTokens::sessionCookie, toSignIn))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(toSignIn))
                .headers(SecurityHeaders.with("default-src 'self'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                        + "form-action 'self'"))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(SIGN_IN, SignedInPage.PATH, "/assets/**", "/favicon.ico", "/error").permitAll()
                        .anyRequest().hasAnyRole(WebSecurityConfiguration.people()));
        signIn.configure(http);
        return http.build();
    }

    static void writeSession(HttpServletResponse response, String token, Duration ttl, boolean secure) {
        response.addHeader("Set-Cookie", ResponseCookie.from(AccessTokens.SESSION_COOKIE, token)
                .httpOnly(true).secure(secure).sameSite("Strict").path("/").maxAge(ttl).build().toString());
    }

    static void clearSession(HttpServletResponse response) {
        response.addHeader("Set-Cookie", ResponseCookie.from(AccessTokens.SESSION_COOKIE, "")
                .httpOnly(true).sameSite("Strict").path("/").maxAge(Duration.ZERO).build().toString());
    }
}
