package org.iom.idm.ui;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * CONTRACT §9 in the web UI: after too many failed sign-ins the form says, in the reader's language, how long to
 * wait, and refuses even the right password until then; the refusal is one of the query service's security
 * events. A context of its own, with small limits and a clock the test moves instead of waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles({"demo", "projection-test"})
@Import(SignInThrottlePageTest.Time.class)
class SignInThrottlePageTest {

    private static final String PASSWORD = "demo";
    private static final int PER_USER = 3;
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final String ASKED = "/consultations/idm-2010-theme";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-03-02T09:00:00Z"));

    @DynamicPropertySource
    static void smallLimits(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> "jdbc:h2:mem:query-throttle;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        properties.add("idm.security.sign-in-throttle.failures-per-user", () -> PER_USER);
        properties.add("idm.security.sign-in-throttle.failures-per-address", () -> 100);
        properties.add("idm.security.sign-in-throttle.window", WINDOW::toString);
    }

    /** The throttle's and the security events' time. */
    @TestConfiguration
    static class Time {
        @Bean
        InstantSource movedByTheTest() {
            return NOW::get;
        }
    }

    @Autowired
    private WebApplicationContext context;
    private MockMvc mvc;

    @BeforeEach
    void webStack() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        // Nothing counted from the tests before.
        later(WINDOW);
    }

    @Test
    void theNthFailedSignInShowsTheWaitAndTheRightPasswordIsRefusedUntilItHasPassed() throws Exception {
        for (int i = 1; i < PER_USER; i++) {
            assertThat(signIn("chair", "wrong-" + i).getRedirectedUrl()).startsWith("/login?error&");
        }

        MockHttpServletResponse nth = signIn("chair", "wrong-" + PER_USER);

        String waitPage = "/login?wait=900&next=%2Fconsultations%2Fidm-2010-theme";
        assertThat(nth.getRedirectedUrl()).isEqualTo(waitPage);
        assertThat(page(waitPage)).contains("Too many failed sign-ins. Please wait 15 minutes before you try again.")
                .contains("name=\"next\" value=\"" + ASKED + "\"");
        later(WINDOW.minusMinutes(1));
        MockHttpServletResponse rightPassword = signIn("chair", PASSWORD);
        assertThat(rightPassword.getRedirectedUrl()).isEqualTo("/login?wait=60&next=%2Fconsultations%2Fidm-2010-theme");
        assertThat(rightPassword.getHeader("Set-Cookie")).isNull();

        later(Duration.ofMinutes(1));
        MockHttpServletResponse signedIn = signIn("chair", PASSWORD);
        assertThat(signedIn.getRedirectedUrl()).isEqualTo(ASKED);
        assertThat(signedIn.getHeader("Set-Cookie")).startsWith("idm_session=");
    }

    @Test
    void theRefusalIsAQueryServiceSecurityEvent() throws Exception {
        for (int i = 0; i < PER_USER; i++) {
            signIn("observer", "wrong");
        }

        MockHttpServletResponse events = mvc.perform(get("/api/admin/security-events")
                .with(httpBasic("secretariat", PASSWORD))).andReturn().getResponse();

        assertThat(events.getStatus()).isEqualTo(200);
        JsonNode newest = JSON.readTree(events.getContentAsString(StandardCharsets.UTF_8)).path("events").get(0);
        assertThat(newest.path("kind").asString()).isEqualTo("SIGN_IN_THROTTLED");
        assertThat(newest.path("username").asString()).isEqualTo("observer");
        assertThat(newest.path("address").asString()).isEqualTo("203.0.113.5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "en | 60  | Too many failed sign-ins. Please wait 1 minute before you try again.",
            "fr | 61  | Trop de tentatives de connexion échouées. Veuillez patienter 2 minutes avant de réessayer.",
            "es | 900 | Demasiados intentos fallidos de inicio de sesión. Espere 15 minutos antes de volver a intentarlo."})
    void theWaitIsSaidInTheReadersLanguage(String language, String seconds, String text) throws Exception {
        assertThat(page("/login?wait=" + seconds + "&lang=" + language)).contains(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-5", "soon", "86401", "99999999999999999999"})
    void aWaitThatIsNotASensibleNumberOfSecondsSaysNothing(String wait) throws Exception {
        assertThat(page("/login?wait=" + wait)).doesNotContain("before you try again");
    }

    private MockHttpServletResponse signIn(String username, String password) throws Exception {
        return mvc.perform(post("/login").param("username", username).param("password", password)
                .param("next", ASKED).with(fromAddress("203.0.113.5"))).andReturn().getResponse();
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(URI.create(path))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static RequestPostProcessor fromAddress(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private static void later(Duration duration) {
        NOW.updateAndGet(now -> now.plus(duration));
    }
}
