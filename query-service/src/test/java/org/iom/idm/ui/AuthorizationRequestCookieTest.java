package org.iom.idm.ui;

import jakarta.servlet.http.Cookie;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.IdmUser;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in under way kept in the browser (profile oidc): it comes back whole, with the page to return to, for the
 * issuer's answer with its state; the browser cannot read its PKCE verifier, and what it changed, or kept too long,
 * or another installation sealed, counts as no sign-in under way.
 */
class AuthorizationRequestCookieTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static final String VERIFIER = "the-pkce-code-verifier-that-only-the-server-may-read";
    private final AccessTokens tokens = new AccessTokens(SECRET, token -> (IdmUser) null);
    private final AuthorizationRequestCookie requests = new AuthorizationRequestCookie(tokens, Clock.systemUTC());

    @Test
    void theRequestComesBackWholeForTheIssuersAnswerAndIsThenGone() {
        String sealed = sealed(requests, "/member-states?x=1");

        MockHttpServletRequest answer = answer(sealed, "the-state");
        MockHttpServletResponse response = new MockHttpServletResponse();
        OAuth2AuthorizationRequest taken = requests.removeAuthorizationRequest(answer, response);

        assertThat(taken.getState()).isEqualTo("the-state");
        assertThat(taken.getScopes()).containsExactlyInAnyOrder("openid", "profile");
        assertThat((String) taken.getAttribute(PkceParameterNames.CODE_VERIFIER)).isEqualTo(VERIFIER);
        assertThat(AuthorizationRequestCookie.returnTo(answer)).contains("/member-states?x=1");
        assertThat(response.getHeader("Set-Cookie")).startsWith(AuthorizationRequestCookie.COOKIE + "=;")
                .contains("Max-Age=0");
        assertThat(sealed).doesNotContain(VERIFIER);
    }

    @Test
    void theCookieIsHttpOnlyAndSentBackOnTheIssuersRedirect() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        requests.saveAuthorizationRequest(request(), new MockHttpServletRequest(), response);

        assertThat(response.getHeader("Set-Cookie")).contains("HttpOnly", "SameSite=Lax");
    }

    @Test
    void anAnswerWithAnotherStateFindsNoSignInUnderWay() {
        assertThat(requests.loadAuthorizationRequest(answer(sealed(requests, null), "another-state"))).isNull();
    }

    @Test
    void aChangedCookieFindsNoSignInUnderWay() {
        String sealed = sealed(requests, null);
        int last = sealed.length() - 2;
        String changed = sealed.substring(0, last) + (sealed.charAt(last) == 'A' ? 'B' : 'A') + sealed.substring(last + 1);

        assertThat(requests.loadAuthorizationRequest(answer(changed, "the-state"))).isNull();
    }

    @Test
    void aCookieSealedWithAnotherSecretFindsNoSignInUnderWay() {
        AuthorizationRequestCookie elsewhere = new AuthorizationRequestCookie(
                new AccessTokens(SECRET.replace('a', 'b'), token -> (IdmUser) null), Clock.systemUTC());

        assertThat(requests.loadAuthorizationRequest(answer(sealed(elsewhere, null), "the-state"))).isNull();
    }

    @Test
    void aCookieKeptLongerThanASignInTakesFindsNoSignInUnderWay() {
        Clock earlier = Clock.offset(Clock.systemUTC(), AuthorizationRequestCookie.LIFETIME.plus(Duration.ofMinutes(1))
                .negated());
        String stale = sealed(new AuthorizationRequestCookie(tokens, earlier), null);

        assertThat(requests.loadAuthorizationRequest(answer(stale, "the-state"))).isNull();
    }

    private static String sealed(AuthorizationRequestCookie requests, String next) {
        MockHttpServletRequest start = new MockHttpServletRequest("GET", WebUiOidcSecurityConfiguration.START);
        if (next != null) {
            start.setParameter(SignInReturn.PARAMETER, next);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        requests.saveAuthorizationRequest(request(), start, response);
        return response.getCookie(AuthorizationRequestCookie.COOKIE).getValue();
    }

    private static MockHttpServletRequest answer(String cookie, String state) {
        MockHttpServletRequest answer = new MockHttpServletRequest("GET", "/login/oauth2/code/idm");
        answer.setCookies(new Cookie(AuthorizationRequestCookie.COOKIE, cookie));
        answer.setParameter("state", state);
        answer.setParameter("code", "the-code");
        return answer;
    }

    private static OAuth2AuthorizationRequest request() {
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("https://issuer.example/authorize")
                .clientId("idm-web-ui")
                .redirectUri("https://idm.example/login/oauth2/code/idm")
                .scopes(Set.of("openid", "profile"))
                .state("the-state")
                .additionalParameters(Map.of(PkceParameterNames.CODE_CHALLENGE, "the-challenge",
                        PkceParameterNames.CODE_CHALLENGE_METHOD, "S256"))
                .attributes(Map.of("registration_id", "idm", PkceParameterNames.CODE_VERIFIER, VERIFIER))
                .build();
    }
}
