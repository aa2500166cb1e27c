package org.iom.idm.web;

import org.iom.idm.actor.Role;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.IdmUser;
import org.iom.kit.security.UserDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §9: refused sign-ins and refused tokens are security events, outside the event store, which the
 * secretariat alone reads at GET /api/admin/security-events, newest first, a page at a time.
 */
class SecurityEventsApiTest extends ApiTestSupport {

    private static final String EVENTS = "/api/admin/security-events";

    @Autowired
    private UserDirectory users;

    @Test
    void onlyTheSecretariatReadsTheSecurityEvents() {
        for (String user : List.of(CHAIR, OBSERVER, delegateOf("PHL"))) {
            assertProblem(read(as(user), EVENTS), 403, "FORBIDDEN");
        }
        assertProblem(read(anonymous(), EVENTS), 401, "UNAUTHENTICATED");
        assertThat(read(as(SECRETARIAT), EVENTS).status()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordIsRecordedWithTheUserNameAndAddressAndChangesNothing() {
        String username = uniqueId("someone");

        assertRejected(401, "UNAUTHENTICATED", () -> withCredentials(username, "wrong")
                .post("/api/consultations", Map.of("title", "A theme", "question", "Which?")));

        JsonNode event = eventOf(username);
        assertThat(event.path("kind").asString()).isEqualTo("SIGN_IN_FAILED");
        assertThat(event.path("address").asString()).isEqualTo("127.0.0.1");
        assertThat(event.path("at").asString()).isNotBlank();
        assertThat(event.path("detail").asString()).isEqualTo("wrong user name or password");
    }

    @Test
    void aRefusedTokenIsRecordedWithWhomItClaimsToBe() {
        String forger = uniqueId("forger");
        String forged = new AccessTokens("another-secret-that-is-long-enough-to-sign", users)
                .issue(new IdmUser(forger, null, Role.SECRETARIAT, null), Duration.ofMinutes(1));

        assertProblem(anonymous().header("Authorization", "Bearer " + forged)
                .post("/api/consultations", Map.of("title", "A theme", "question", "Which?")), 401, "UNAUTHENTICATED");

        JsonNode event = eventOf(forger);
        assertThat(event.path("kind").asString()).isEqualTo("TOKEN_REFUSED");
        assertThat(event.path("address").asString()).isEqualTo("127.0.0.1");
        assertThat(event.path("detail").asString()).containsIgnoringCase("signature");
    }

    @Test
    void theNewestComeFirstAPageAtATime() {
        List<String> attempts = List.of(uniqueId("first"), uniqueId("second"), uniqueId("third"));
        attempts.forEach(username -> withCredentials(username, "wrong").post("/api/consultations", Map.of()));

        JsonNode page = read(as(SECRETARIAT), EVENTS + "?limit=2").json();
        JsonNode older = read(as(SECRETARIAT), EVENTS + "?limit=2&before=" + page.path("next").asLong()).json();

        assertThat(usernames(page)).containsExactly(attempts.get(2), attempts.get(1));
        assertThat(usernames(older).get(0)).isEqualTo(attempts.get(0));
        assertThat(page.path("events").get(0).path("id").asLong())
                .isGreaterThan(older.path("events").get(0).path("id").asLong());
    }

    @Test
    void aPageSizeOutOfRangeIsRefused() {
        assertProblem(read(as(SECRETARIAT), EVENTS + "?limit=0"), 400, "VALIDATION_FAILED");
        assertProblem(read(as(SECRETARIAT), EVENTS + "?limit=1001"), 400, "VALIDATION_FAILED");
        assertProblem(read(as(SECRETARIAT), EVENTS + "?before=x"), 400, "VALIDATION_FAILED");
    }

    private static Reply read(Caller caller, String path) {
        return caller.send("GET", path, null, BodyPublishers.noBody());
    }

    /** The newest event that names {@code username}, among the latest hundred. */
    private JsonNode eventOf(String username) {
        for (JsonNode event : read(as(SECRETARIAT), EVENTS).json().path("events")) {
            if (username.equals(event.path("username").asString(null))) {
                return event;
            }
        }
        throw new AssertionError("no security event for " + username);
    }

    private static List<String> usernames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("events").forEach(event -> names.add(event.path("username").asString(null)));
        return names;
    }
}
