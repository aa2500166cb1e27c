package org.iom.idm.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.IdmUser;
import org.iom.kit.security.OidcProperties;
import org.iom.kit.security.OidcSecurityConfiguration;
import org.iom.kit.security.OidcUsers;
import org.iom.kit.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.util.function.SingletonSupplier;

import java.time.Clock;
import java.util.Optional;

/**
 * Profile {@code oidc}: the web UI signs in at the organisation's OpenID Connect issuer (authorization code with
 * PKCE, also for a confidential client). Once the issuer has answered, the web UI keeps its own access token in the
 * session cookie, as after a password sign-in, so the pages, the API and the writes it forwards work as they do
 * there: the issuer's tokens are short-lived, and keeping them would mean refreshing them from the browser's
 * cookie. Nothing of the sign-in is kept on the server ({@link AuthorizationRequestCookie}).
 */
@Configuration(proxyBeanMethods = false)
@Profile(OidcSecurityConfiguration.PROFILE)
class WebUiOidcSecurityConfiguration {

    static final String REGISTRATION_ID = "idm";
    static final String START = "/oauth2/authorization/" + REGISTRATION_ID;

    /** The web UI uses the issuer's tokens only to learn who signed in, so it keeps none of them. */
    private static final OAuth2AuthorizedClientRepository NOTHING_KEPT = new OAuth2AuthorizedClientRepository() {
        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId,
                                                                         Authentication principal,
                                                                         HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
                                         HttpServletRequest request, HttpServletResponse response) {
            // kept nowhere
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal,
                                           HttpServletRequest request, HttpServletResponse response) {
            // kept nowhere
        }
    };

    /** The issuer's endpoints are looked up at the first sign-in, so the service may start before its issuer. */
    @Bean
    ClientRegistrationRepository clientRegistrations(OidcProperties properties) {
        if (properties.clientId() == null || properties.clientId().isBlank()) {
            throw new IllegalStateException("profile oidc needs idm.security.oidc.client-id (IDM_OIDC_CLIENT_ID) "
                    + "for the web UI's sign-in");
        }
        SingletonSupplier<ClientRegistration> registration = SingletonSupplier.of(() -> {
            boolean confidential = properties.clientSecret() != null && !properties.clientSecret().isBlank();
            return ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                    .registrationId(REGISTRATION_ID)
                    .clientId(properties.clientId())
                    .clientSecret(confidential ? properties.clientSecret() : null)
                    .clientAuthenticationMethod(confidential ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC
                            : ClientAuthenticationMethod.NONE)
                    .scope(properties.scopes())
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .userNameAttributeName(properties.usernameClaim())
                    .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                    .build();
        });
        return registrationId -> REGISTRATION_ID.equals(registrationId) ? registration.get() : null;
    }

    @Bean
    WebUiSignIn issuerSignIn(ClientRegistrationRepository registrations, AccessTokens tokens, OidcUsers users,
                             SecurityProperties properties) {
        AuthorizationRequestCookie requests = new AuthorizationRequestCookie(tokens, Clock.systemUTC());
        return new WebUiSignIn() {
            @Override
            public void configure(HttpSecurity http) throws Exception {
                http.oauth2Login(login -> login
                        // Our sign-in page, not the one Spring would generate.
                        .loginPage(WebUiSecurityConfiguration.SIGN_IN)
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(NOTHING_KEPT)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestRepository(requests))
                        .successHandler((request, response, authentication) -> {
                            IdmUser user = users.fromIssuer(((OidcUser) authentication.getPrincipal()).getClaims());
                            WebUiSecurityConfiguration.writeSession(response,
                                    tokens.issue(user, properties.sessionTtl()), properties.sessionTtl(),
                                    request.isSecure());
                            request.setAttribute(SignedInPage.RETURN_TO, AuthorizationRequestCookie.returnTo(request)
                                    .orElse(WebUiSecurityConfiguration.HOME));
                            request.getRequestDispatcher(SignedInPage.PATH).forward(request, response);
                        })
                        .failureHandler((request, response, failure) -> response.sendRedirect(
                                SignInReturn.signInAddress("error", AuthorizationRequestCookie.returnTo(request))))
                        .permitAll());
            }

            @Override
            public Optional<String> issuerStart() {
                return Optional.of(START);
            }
        };
    }
}
