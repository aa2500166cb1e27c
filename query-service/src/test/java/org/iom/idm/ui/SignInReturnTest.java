package org.iom.idm.ui;

import jakarta.servlet.http.Cookie;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.EarlierTokens;
import org.iom.kit.security.UserDirectory;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Signing in leads back to the page that asked for it, with its query, also after an expired sign-in and after a
 * failed attempt; and never off this site, nor back to the sign-in or sign-out page.
 */
class SignInReturnTest extends AbstractProjectionTest {

    private static final String PASSWORD = "demo";
    private static final String PROPOSAL_PAGE = "/consultations/idm-2010-theme/proposals/south-south-migration";
    private static final String ASKED = PROPOSAL_PAGE + "?lang=fr";
    private static final String HOME = "/consultations";

    @Autowired
    private WebApplicationContext context;
    @Autowired
    private AccessTokens tokens;
    @Autowired
    private UserDirectory users;
    private MockMvc mvc;

    @BeforeEach
    void webStack() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    void aSignedOutVisitLeadsToTheSignInPageWhichCarriesTheAskedPage() throws Exception {
        MockHttpServletResponse visit = mvc.perform(get(ASKED)).andReturn().getResponse();

        assertThat(visit.getStatus()).isEqualTo(302);
        assertThat(visit.getRedirectedUrl()).isEqualTo("/login?next=" + encoded(ASKED));

        String page = mvc.perform(get(URI.create(visit.getRedirectedUrl()))).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("<input type=\"hidden\" name=\"next\" value=\"" + escaped(ASKED) + "\">")
                .contains("href=\"/login?next=" + encoded(ASKED) + "&amp;lang=es\"");
    }

    @Test
    void signingInReturnsToTheAskedPageWithItsQuery() throws Exception {
        MockHttpServletResponse signIn = signIn("delegate-phl", PASSWORD, ASKED);

        assertThat(signIn.getStatus()).isEqualTo(302);
        assertThat(signIn.getRedirectedUrl()).isEqualTo(ASKED);
        assertThat(signIn.getHeader("Set-Cookie")).startsWith(AccessTokens.SESSION_COOKIE + "=")
                .contains("SameSite=Strict");
    }

    @Test
    void anExpiredSignInAlsoLeadsBackToTheAskedPage() throws Exception {
        MockHttpServletResponse visit = mvc.perform(get(ASKED).cookie(expiredSession())).andReturn().getResponse();

        assertThat(visit.getStatus()).isEqualTo(302);
        assertThat(visit.getRedirectedUrl()).isEqualTo("/login?expired&next=" + encoded(ASKED));
        assertThat(visit.getHeader("Set-Cookie")).startsWith(AccessTokens.SESSION_COOKIE + "=;").contains("Max-Age=0");
        assertThat(signIn("delegate-phl", PASSWORD, ASKED).getRedirectedUrl()).isEqualTo(ASKED);
    }

    /** Where the page's script sends a user whose write was refused as unauthenticated (app.js). */
    @Test
    void theSignInPageReachedWithAnExpiredSignInKeepsTheWayBack() throws Exception {
        String signInPage = "/login?expired&next=" + encoded(ASKED);

        MockHttpServletResponse visit = mvc.perform(get(URI.create(signInPage)).cookie(expiredSession()))
                .andReturn().getResponse();

        assertThat(visit.getRedirectedUrl()).isEqualTo(signInPage);
        assertThat(visit.getHeader("Set-Cookie")).contains("Max-Age=0");
        assertThat(mvc.perform(get(URI.create(signInPage))).andReturn().getResponse().getContentAsString())
                .contains("name=\"next\" value=\"" + escaped(ASKED) + "\"")
                .contains("Your sign-in has expired.");
    }

    @Test
    void aFailedSignInKeepsTheAskedPage() throws Exception {
        MockHttpServletResponse failed = signIn("delegate-phl", "wrong-" + PASSWORD, ASKED);

        assertThat(failed.getStatus()).isEqualTo(302);
        assertThat(failed.getRedirectedUrl()).isEqualTo("/login?error&next=" + encoded(ASKED));
        assertThat(failed.getHeader("Set-Cookie")).isNull();
        String page = mvc.perform(get(URI.create(failed.getRedirectedUrl()))).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("name=\"next\" value=\"" + escaped(ASKED) + "\"")
                .contains("The user name or the password is wrong.");
    }

    @Test
    void withoutAnAskedPageSigningInLeadsHome() throws Exception {
        assertThat(mvc.perform(get(HOME)).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/login?next=%2Fconsultations");
        assertThat(signIn("delegate-phl", PASSWORD, null).getRedirectedUrl()).isEqualTo(HOME);
        assertThat(mvc.perform(get("/login")).andReturn().getResponse().getContentAsString())
                .doesNotContain("name=\"next\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example/consultations",
            "//evil.example/consultations",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=y",
            "javascript:alert(1)",
            "consultations",
            "",
            " /consultations",
            "/login",
            "/login?next=/consultations",
            "/logout",
            "/consultations/../login",
            "/consultations/%2e%2e/logout",
            "/%2F%2Fevil.example",
            "/consultations/\u00e9"})
    void anythingButAPathOfThisSiteLeadsHomeInstead(String next) throws Exception {
        MockHttpServletResponse signIn = signIn("delegate-phl", PASSWORD, next);

        assertThat(signIn.getRedirectedUrl()).isEqualTo(HOME);
        assertThat(signIn("delegate-phl", "wrong-" + PASSWORD, next).getRedirectedUrl()).isEqualTo("/login?error");
        assertThat(mvc.perform(get("/login").param("next", next)).andReturn().getResponse().getContentAsString())
                .doesNotContain("name=\"next\"");
    }

    @Test
    void aWriteThatNeedsASignInIsNotOneToReturnTo() throws Exception {
        MockHttpServletResponse write = mvc.perform(post(PROPOSAL_PAGE)).andReturn().getResponse();

        assertThat(write.getRedirectedUrl()).isEqualTo("/login");
    }

    /** The session cookie of a sign-in made an hour ago that held for half an hour. */
    private Cookie expiredSession() {
        return new Cookie(AccessTokens.SESSION_COOKIE, EarlierTokens.issued(Duration.ofHours(1),
                Duration.ofMinutes(30), tokens, users, "delegate-phl"));
    }

    private MockHttpServletResponse signIn(String username, String password, String next) throws Exception {
        var request = post("/login").param("username", username).param("password", password);
        if (next != null) {
            request.param("next", next);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private static String encoded(String page) {
        return URLEncoder.encode(page, StandardCharsets.UTF_8);
    }

    /** As Thymeleaf writes an attribute value. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;");
    }
}
