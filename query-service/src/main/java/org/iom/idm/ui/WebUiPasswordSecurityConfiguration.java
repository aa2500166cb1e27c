package org.iom.idm.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.IdmUser;
import org.iom.kit.security.OidcSecurityConfiguration;
import org.iom.kit.security.SecurityProperties;
import org.iom.kit.security.throttle.TooManyAttemptsException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.authentication.AuthenticationManager;

import java.util.Optional;

/**
 * The sign-in form: user name and password of our own users, everywhere but in profile {@code oidc}. Too many failed
 * sign-ins lead back to the form with the wait ({@link SignInPage#WAIT}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!" + OidcSecurityConfiguration.PROFILE)
class WebUiPasswordSecurityConfiguration {

    @Bean
    WebUiSignIn passwordSignIn(AuthenticationManager authenticationManager, AccessTokens tokens,
                               SecurityProperties properties) {
        return http -> http
                .authenticationManager(authenticationManager)
                .formLogin(form -> form
                        .loginPage(WebUiSecurityConfiguration.SIGN_IN)
                        .successHandler((request, response, authentication) -> {
                            IdmUser user = (IdmUser) authentication.getPrincipal();
                            WebUiSecurityConfiguration.writeSession(response, tokens.issue(user, properties.sessionTtl()),
                                    properties.sessionTtl(), request.isSecure());
                            response.sendRedirect(returnTo(request).orElse(WebUiSecurityConfiguration.HOME));
                        })
                        .failureHandler((request, response, failure) -> response.sendRedirect(
                                SignInReturn.signInAddress(failure instanceof TooManyAttemptsException tooMany
                                        ? SignInPage.WAIT + "=" + tooMany.retryAfterSeconds() : "error",
                                        returnTo(request))))
                        .permitAll());
    }

    /** The page the sign-in form was asked to return to, when it is one of this site's. */
    private static Optional<String> returnTo(HttpServletRequest request) {
        return SignInReturn.safe(request.getParameter(SignInReturn.PARAMETER));
    }
}
