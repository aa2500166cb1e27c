package org.iom.idm.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §7: the tally stream judges every message it sends by the phase of that tally, not once when it opens.
 */
@ExtendWith(SystemUnderTestExtension.class)
class TallyStreamSecrecyTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aStreamAnObserverOpenedBeforeVotingSendsNothingWhileVotingRunsAndTheFinalTallyOnceItCloses(Api api) {
        String cid = "stream-sealed-" + UUID.randomUUID().toString().substring(0, 8);
        String tally = "/api/consultations/" + cid + "/tally";
        api.post("secretariat", "/api/consultations", Map.of("id", cid, "title", "Sealed stream " + cid,
                "question", "Which topic?", "quorum", 1)).expect(201);
        String proposal = api.post("secretariat", "/api/consultations/" + cid + "/proposals",
                Map.of("title", "Diasporas " + cid, "summary", "Diasporas and development.")).expect(201)
                .path("id").asString();
        api.awaitRead("observer", tally, json -> json.path("results").size() == 1);

        try (TallyStream observer = TallyStream.open(api, "observer", cid)) {
            assertThat(observer.nextTally(EVENT_TIMEOUT).path("phase").asString()).isEqualTo("OPEN");

            api.post("chair", "/api/consultations/" + cid + "/open-voting", null).expect2xx();
            api.put("delegate-phl", "/api/consultations/" + cid + "/ballots/PHL", Map.of("choices", List.of(proposal)))
                    .expect2xx();
            api.awaitRead("chair", tally, json -> json.path("ballotsCast").asInt() == 1);
            api.post("chair", "/api/consultations/" + cid + "/close-voting", null).expect2xx();

            JsonNode closed = observer.awaitTally("the closed tally", t -> "CLOSED".equals(t.path("phase").asString()),
                    t -> "OPEN".equals(t.path("phase").asString()), EVENT_TIMEOUT);
            assertThat(closed.path("ballotsCast").asInt()).isEqualTo(1);
        }
    }
}
