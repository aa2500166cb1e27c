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
 * A caller who may not see a sealed tally learns that the phase changed, and nothing else, until it may see it.
 */
@ExtendWith(SystemUnderTestExtension.class)
class TallyStreamSecrecyTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void anObserversStreamOpenedBeforeVotingSaysOnlyThatVotingOpenedThenTheFinalTallyOnceItCloses(Api api) {
        sealedWhileVoting(api, "observer", "PHL", "MEX");
    }

    @Test
    void aDelegatesStreamOpenedBeforeVotingCarriesNoCountWhileVotingEvenAfterItsOwnBallot(Api api) {
        sealedWhileVoting(api, "delegate-ken", "KEN", "PHL");
    }

    /** {@code reader} opens the stream while OPEN; the two states vote; the chair closes the vote. */
    private static void sealedWhileVoting(Api api, String reader, String firstVoter, String secondVoter) {
        String cid = "stream-sealed-" + UUID.randomUUID().toString().substring(0, 8);
        String tally = "/api/consultations/" + cid + "/tally";
        api.post("secretariat", "/api/consultations", Map.of("id", cid, "title", "Sealed stream " + cid,
                "question", "Which topic?", "quorum", 1)).expect(201);
        String proposal = api.post("secretariat", "/api/consultations/" + cid + "/proposals",
                Map.of("title", "Diasporas " + cid, "summary", "Diasporas and development.")).expect(201)
                .path("id").asString();
        api.awaitRead(reader, tally, json -> json.path("results").size() == 1);

        try (TallyStream stream = TallyStream.open(api, reader, cid)) {
            JsonNode open = stream.nextTally(EVENT_TIMEOUT);
            assertThat(open.path("phase").asString()).isEqualTo("OPEN");

            api.post("chair", "/api/consultations/" + cid + "/open-voting", null).expect2xx();
            JsonNode voting = stream.awaitEvent("the phase message of voting opened",
                    event -> event.name().equals("phase"),
                    event -> event.name().equals("tally") && open.equals(event.json()), EVENT_TIMEOUT).json();
            assertThat(voting).isEqualTo(Api.JSON.valueToTree(Map.of("consultationId", cid, "phase", "VOTING")));

            for (String state : List.of(firstVoter, secondVoter)) {
                api.put("delegate-" + state.toLowerCase(), "/api/consultations/" + cid + "/ballots/" + state,
                        Map.of("choices", List.of(proposal))).expect2xx();
            }
            api.awaitRead("chair", tally, json -> json.path("ballotsCast").asInt() == 2);
            api.post("chair", "/api/consultations/" + cid + "/close-voting", null).expect2xx();

            // The ballots sent nothing at all, not even a repeated phase message that would count them.
            JsonNode closed = stream.nextTally(EVENT_TIMEOUT);
            assertThat(closed.path("phase").asString()).isEqualTo("CLOSED");
            assertThat(closed.path("ballotsCast").asInt()).isEqualTo(2);
            assertThat(closed.path("results").path(0).path("votes").asInt()).isEqualTo(2);
            stream.assertNothingSealedWasSent();
        }
    }
}
