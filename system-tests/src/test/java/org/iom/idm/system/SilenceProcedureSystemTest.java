package org.iom.idm.system;

import org.iom.idm.harness.ServiceApi.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.EndToEndSystemTest.body;
import static org.iom.idm.system.EndToEndSystemTest.byKey;

/**
 * CONTRACT §8 rule 8 with the real jars, on H2 and on PostgreSQL: a draft left unbroken until a deadline a few
 * seconds ahead is the decision of the system, recorded once and narrated in the audit trail as the system's; a
 * broken one falls back to a recorded vote whose explanations are published after the close.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SilenceProcedureSystemTest {

    private static final String SECRETARIAT = "secretariat";
    private static final String CHAIR = "chair";
    private static final String OBSERVER = "observer";
    private static final Duration DEADLINE_TIMEOUT = Duration.ofSeconds(60);
    private static final String TEXT = "The Council selects South-South Migration as the overarching theme.";

    private Api api;

    @BeforeAll
    void connect(Api api) {
        this.api = api;
    }

    @Test
    void anUnbrokenDraftIsDecidedOnceBySystemAtItsDeadline() {
        String cid = silenceConsultation(null);
        String pid = proposal(cid, "South-South Migration");
        Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(5);
        api.post(CHAIR, path(cid, "/circulate"), body("selected", List.of(pid), "text", TEXT,
                "deadline", deadline.toString())).expect2xx();

        JsonNode circulated = api.awaitRead(OBSERVER, path(cid, ""),
                detail -> "CIRCULATED".equals(detail.path("phase").asString()));
        assertThat(circulated.path("circulation").path("text").asString()).isEqualTo(TEXT);
        assertThat(Instant.parse(circulated.path("circulation").path("deadline").asString())).isEqualTo(deadline);

        JsonNode decided = awaitPhase(cid, "DECIDED");
        assertThat(decided.path("decision").path("decidedBy").asString()).isEqualTo("system");
        assertThat(decided.path("decision").path("selected").get(0).asString()).isEqualTo(pid);
        assertThat(Instant.parse(decided.path("decision").path("decidedAt").asString())).isAfterOrEqualTo(deadline);

        List<JsonNode> decisions = auditEntries(cid, "DecisionRecorded", 1);
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).path("actor").asString()).isEqualTo("system");
        assertThat(auditEntries(cid, "DraftCirculated", 1)).singleElement()
                .satisfies(entry -> assertThat(entry.path("actor").asString()).isEqualTo(CHAIR));
    }

    @Test
    void aBrokenSilenceFallsBackToARecordedVoteWhoseExplanationsArePublishedAfterTheClose() {
        String cid = silenceConsultation("RECORDED_VOTE");
        String south = proposal(cid, "South-South Migration");
        String social = proposal(cid, "Migration and Social Change");
        api.post(CHAIR, path(cid, "/circulate"), body("selected", List.of(south), "text", TEXT,
                "deadline", Instant.now().plus(Duration.ofDays(2)).toString())).expect2xx();
        api.post("delegate-bra", path(cid, "/break-silence"),
                body("reason", "Brazil asks for a recorded vote.")).expect2xx();

        JsonNode broken = awaitPhase(cid, "SILENCE_BROKEN");
        JsonNode silenceBreak = broken.path("circulation").path("breaks").get(0);
        assertThat(silenceBreak.path("memberState").asString()).isEqualTo("BRA");
        assertThat(silenceBreak.path("reason").asString()).isEqualTo("Brazil asks for a recorded vote.");
        api.post("delegate-phl", path(cid, "/break-silence"), body("reason", "Too late?")).expect2xx();
        api.post(CHAIR, path(cid, "/decision"), body("selected", List.of(south))).expectProblem(409, "WRONG_PHASE");

        api.post(CHAIR, path(cid, "/open-voting"), null).expect2xx();
        api.put("delegate-bra", path(cid, "/ballots/BRA"), body("choices", List.of(social),
                "explanation", "Brazil votes for social change.")).expect2xx();
        api.put("delegate-phl", path(cid, "/ballots/PHL"), body("choices", List.of(south))).expect2xx();
        api.put("delegate-mex", path(cid, "/ballots/MEX"), body("choices", List.of(social),
                "explanation", "Mexico joins Brazil.")).expect2xx();
        awaitPhase(cid, "VOTING");
        api.post(CHAIR, path(cid, "/close-voting"), null).expect2xx();
        awaitPhase(cid, "CLOSED");

        JsonNode ballots = api.awaitRead(OBSERVER, path(cid, "/ballots"), list -> list.size() == 3);
        Map<String, JsonNode> byState = byKey(ballots, "memberState");
        assertThat(byState.get("BRA").path("explanation").asString()).isEqualTo("Brazil votes for social change.");
        assertThat(byState.get("MEX").path("explanation").asString()).isEqualTo("Mexico joins Brazil.");
        assertThat(byState.get("PHL").path("explanation").isNull()).isTrue();
        // The tally has its own processor: it may come a moment after the consultation's read model.
        JsonNode tally = api.awaitRead(OBSERVER, path(cid, "/tally"),
                read -> "ADOPTED".equals(read.path("outcome").path("status").asString()));
        assertThat(tally.path("outcome").path("adopted").get(0).asString()).isEqualTo(social);

        api.post(CHAIR, path(cid, "/decision"), body("selected", List.of(social))).expect2xx();
        JsonNode decided = awaitPhase(cid, "DECIDED");
        assertThat(decided.path("decision").path("decidedBy").asString()).isEqualTo(CHAIR);
        assertThat(decided.path("circulation").path("breaks").size()).isEqualTo(2);
        assertThat(auditEntries(cid, "SilenceBroken", 2)).extracting(entry -> entry.path("memberState").asString())
                .containsExactlyInAnyOrder("BRA", "PHL");
    }

    private String silenceConsultation(String fallback) {
        String cid = "silence-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = body("id", cid, "title", "Silence " + cid, "question", "Which theme?",
                "procedure", "SILENCE", "quorum", 2);
        if (fallback != null) {
            body.put("fallback", fallback);
        }
        api.post(SECRETARIAT, "/api/consultations", body).expect(201);
        return cid;
    }

    private String proposal(String cid, String title) {
        return api.post(SECRETARIAT, path(cid, "/proposals"), body("title", title,
                "summary", "Suggested by the Administration.")).expect(201).path("id").asString();
    }

    private JsonNode awaitPhase(String cid, String phase) {
        List<JsonNode> last = new ArrayList<>();
        // The consultation itself may not be in the read model yet: a 404 is not there yet, like another phase.
        Await.until(cid + " " + phase, DEADLINE_TIMEOUT, () -> {
            Response read = api.read(OBSERVER, path(cid, ""));
            if (read.status() != 200) {
                return false;
            }
            last.add(0, read.json());
            return phase.equals(read.json().path("phase").asString());
        });
        return last.get(0);
    }

    /** The consultation's audit entries of one event type, once the audit has at least {@code expected}. */
    private List<JsonNode> auditEntries(String cid, String type, int expected) {
        JsonNode page = api.awaitRead(SECRETARIAT, "/api/audit?consultationId=" + cid + "&type=" + type,
                entries -> entries.path("entries").size() >= expected);
        List<JsonNode> entries = new ArrayList<>();
        page.path("entries").forEach(entries::add);
        return entries;
    }

    private static String path(String cid, String rest) {
        return "/api/consultations/" + cid + rest;
    }
}
