package org.iom.idm.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §9 over HTTP Basic: repeated failed sign-ins for one user, or from one address, are refused with 429
 * {@code TOO_MANY_ATTEMPTS} and {@code Retry-After}, the right password too, until the window has passed; each
 * refusal is a security event the secretariat reads. A context of its own, with small limits and a clock the test
 * moves instead of waiting for the window.
 */
@Import(SignInThrottleApiTest.Time.class)
class SignInThrottleApiTest extends ApiTestSupport {

    private static final int PER_USER = 3;
    private static final int PER_ADDRESS = 6;
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration RETENTION = Duration.ofDays(1);
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-03-02T09:00:00Z"));

    @DynamicPropertySource
    static void smallLimits(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> "jdbc:h2:mem:command-throttle;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        properties.add("idm.security.sign-in-throttle.failures-per-user", () -> PER_USER);
        properties.add("idm.security.sign-in-throttle.failures-per-address", () -> PER_ADDRESS);
        properties.add("idm.security.sign-in-throttle.window", WINDOW::toString);
        properties.add("idm.security.events.retention", RETENTION::toString);
    }

    /** The throttle's and the security events' time. */
    @TestConfiguration
    static class Time {
        @Bean
        InstantSource movedByTheTest() {
            return NOW::get;
        }
    }

    /** Each test starts a window after the last one, with nothing counted. */
    @BeforeEach
    void aWindowLater() {
        later(WINDOW);
    }

    @Test
    void theNthFailedSignInIsRefusedWith429AndRetryAfterAndSoIsTheRightPasswordUntilTheWindowPasses() {
        for (int i = 1; i < PER_USER; i++) {
            assertProblem(withCredentials(SECRETARIAT, "wrong-" + i).post("/api/consultations", aConsultation()),
                    401, "UNAUTHENTICATED");
        }

        Reply nth = withCredentials(SECRETARIAT, "wrong-" + PER_USER).post("/api/consultations", aConsultation());

        assertProblem(nth, 429, "TOO_MANY_ATTEMPTS");
        assertThat(nth.header("Retry-After")).isEqualTo(Long.toString(WINDOW.toSeconds()));
        later(WINDOW.minusMinutes(1));
        Reply rightPassword = assertRejected(429, "TOO_MANY_ATTEMPTS",
                () -> as(SECRETARIAT).post("/api/consultations", aConsultation()));
        assertThat(rightPassword.header("Retry-After")).isEqualTo("60");

        later(Duration.ofMinutes(1));
        assertThat(newConsultation()).isNotBlank();
        List<JsonNode> events = securityEvents();
        assertThat(kinds(events.subList(0, PER_USER + 1))).containsExactly("SIGN_IN_THROTTLED", "SIGN_IN_FAILED",
                "SIGN_IN_FAILED", "SIGN_IN_FAILED");
        JsonNode throttled = events.get(0);
        assertThat(throttled.path("username").asString()).isEqualTo(SECRETARIAT);
        assertThat(throttled.path("address").asString()).isEqualTo("127.0.0.1");
        assertThat(throttled.path("detail").asString()).contains("user name");
    }

    @Test
    void anAddressWithTooManyFailedSignInsIsRefusedForEveryUser() {
        for (int i = 1; i < PER_ADDRESS; i++) {
            assertProblem(withCredentials("guess-" + i, PASSWORD).post("/api/consultations", aConsultation()), 401,
                    "UNAUTHENTICATED");
        }
        assertProblem(withCredentials("guess-" + PER_ADDRESS, PASSWORD).post("/api/consultations", aConsultation()),
                429, "TOO_MANY_ATTEMPTS");

        Reply chair = assertRejected(429, "TOO_MANY_ATTEMPTS", () -> as(CHAIR).post(consultation("unknown")
                + "/open-voting"));

        assertThat(chair.header("Retry-After")).isEqualTo(Long.toString(WINDOW.toSeconds()));
        later(WINDOW);
        JsonNode throttled = securityEvents().get(0);
        assertThat(throttled.path("kind").asString()).isEqualTo("SIGN_IN_THROTTLED");
        assertThat(throttled.path("detail").asString()).contains("address");
    }

    @Test
    void aRefusalPeriodIsRecordedOnceHoweverOftenTheClientTries() {
        for (int i = 0; i < PER_USER; i++) {
            withCredentials(OBSERVER, "wrong").post("/api/consultations", aConsultation());
        }
        for (int i = 0; i < 3; i++) {
            assertProblem(as(OBSERVER).post("/api/consultations", aConsultation()), 429, "TOO_MANY_ATTEMPTS");
        }

        later(WINDOW);
        assertThat(kinds(securityEvents().subList(0, 2))).containsExactly("SIGN_IN_THROTTLED", "SIGN_IN_FAILED");
    }

    @Test
    void securityEventsOlderThanTheRetentionAreDeleted() {
        withCredentials("forgotten", PASSWORD).post("/api/consultations", aConsultation());
        assertThat(usernames(securityEvents())).contains("forgotten");

        later(RETENTION.plusHours(2));
        withCredentials("remembered", PASSWORD).post("/api/consultations", aConsultation());

        assertThat(usernames(securityEvents())).contains("remembered").doesNotContain("forgotten");
    }

    private List<JsonNode> securityEvents() {
        Reply reply = as(SECRETARIAT).send("GET", "/api/admin/security-events", null,
                BodyPublishers.noBody());
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        reply.json().path("events").forEach(events::add);
        return events;
    }

    private static List<String> kinds(List<JsonNode> events) {
        return events.stream().map(event -> event.path("kind").asString()).toList();
    }

    private static List<String> usernames(List<JsonNode> events) {
        return events.stream().map(event -> event.path("username").asString(null)).toList();
    }

    private static Map<String, String> aConsultation() {
        return Map.of("title", "A theme", "question", "Which?");
    }

    private static void later(Duration duration) {
        NOW.updateAndGet(now -> now.plus(duration));
    }
}
