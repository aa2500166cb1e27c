package org.iom.idm.ballot;

import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * CONTRACT §8 rule 9 on the read side: an explanation of vote is sealed like its ballot while voting runs (whoever
 * may not see the ballots learns nothing of it, not even that it exists) and published with the recorded vote once
 * voting has closed; each choice reads with the version of the proposal it chose.
 */
class ExplanationOfVoteReadsTest extends AbstractProjectionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PHILIPPINES = "We support South-South migration: it is where our workers go.";
    private static final String KENYA = "Kenya abstains: the themes should have been merged.";

    @Autowired
    private WebApplicationContext context;
    private MockMvc mvc;

    @BeforeEach
    void webStack() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void whileVotingTheExplanationIsSealedLikeTheBallot() {
        String cid = votingWithExplainedBallots("eov-sealed");

        for (String reader : List.of("delegate-mex", "observer")) {
            Reply ballots = get(reader, ballotsPath(cid));
            assertThat(ballots.status()).as(reader).isEqualTo(403);
            assertThat(ballots.text()).doesNotContain(PHILIPPINES, KENYA, "explanation");
        }
        Reply mexicosOwn = get("delegate-mex", ballotsPath(cid) + "/mine");
        assertThat(mexicosOwn.status()).isEqualTo(200);
        assertThat(mexicosOwn.json().path("explanation").isNull()).isTrue();
        assertThat(mexicosOwn.text()).doesNotContain(PHILIPPINES, KENYA);
        assertThat(get("delegate-phl", ballotsPath(cid) + "/mine").json().path("explanation").asString())
                .isEqualTo(PHILIPPINES);

        for (String staff : List.of("chair", "secretariat")) {
            JsonNode seen = get(staff, ballotsPath(cid)).json();
            assertThat(explanations(seen)).as(staff).containsExactly(
                    Map.entry("KEN", KENYA), Map.entry("MEX", ""), Map.entry("PHL", PHILIPPINES));
        }
        for (String reader : List.of("delegate-mex", "observer", "chair", "secretariat")) {
            Reply tally = get(reader, "/api/consultations/" + cid + "/tally");
            assertThat(tally.text()).as(reader).doesNotContain(PHILIPPINES, KENYA, "explanation");
            Reply consultation = get(reader, "/api/consultations/" + cid);
            assertThat(consultation.text()).as(reader).doesNotContain(PHILIPPINES, KENYA, "explanation");
        }
        // An open vote shows on every delegate's web pages, in tests that share this context too.
        feed(cid, CHAIR, new VotingClosed(cid, 3, 1, 2, true));
    }

    @Test
    void afterVotingClosesEveryStatesExplanationIsPublishedWithTheRecordedVote() {
        String cid = votingWithExplainedBallots("eov-published");
        feed(cid, CHAIR, new VotingClosed(cid, 3, 1, 2, true));

        for (String reader : List.of("delegate-mex", "observer", "chair", "secretariat")) {
            JsonNode ballots = get(reader, ballotsPath(cid)).json();
            assertThat(explanations(ballots)).as(reader).containsExactly(
                    Map.entry("KEN", KENYA), Map.entry("MEX", ""), Map.entry("PHL", PHILIPPINES));
        }
    }

    @Test
    void eachChoiceReadsWithTheVersionOfTheProposalItChose() {
        String cid = votingWithExplainedBallots("eov-versions");
        feed(cid, CHAIR, new VotingClosed(cid, 3, 1, 2, true));

        JsonNode ballots = get("observer", ballotsPath(cid)).json();

        assertThat(ballotOf(ballots, "PHL").path("choices").get(0).asString()).isEqualTo("p1");
        assertThat(ballotOf(ballots, "PHL").path("versions").path("p1").asInt()).isEqualTo(2);
        assertThat(ballotOf(ballots, "MEX").path("versions").path("p2").asInt()).isEqualTo(1);
        assertThat(ballotOf(ballots, "KEN").path("versions").size()).isZero();
    }

    /** Ballots recorded before explanations and versions were (revision 1) read with neither. */
    @Test
    void aBallotRecordedBeforeExplanationsReadsWithNeither() {
        String cid = newConsultationId("eov-earlier");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 150, 2));
        feed(cid, delegate("PHL"), new BallotCast(cid, "PHL", List.of("p1"), false));
        feed(cid, CHAIR, new VotingClosed(cid, 1, 0, 2, false));

        JsonNode phl = ballotOf(get("observer", ballotsPath(cid)).json(), "PHL");

        assertThat(phl.path("explanation").isNull()).isTrue();
        assertThat(phl.path("choices").get(0).asString()).isEqualTo("p1");
        assertThat(phl.path("versions").size()).isZero();
    }

    /**
     * p1 amended to version 2, p2 at version 1; voting: the Philippines for p1 with an explanation (given on a
     * change), Kenya abstaining with one, Mexico for p2 without; their delegates accredited.
     */
    private String votingWithExplainedBallots(String name) {
        accreditDelegates("PHL", "KEN", "MEX");
        String cid = newConsultationId(name);
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Summary", Proposer.ADMINISTRATION),
                new ProposalAmended(cid, "p1", 2, "South-South Migration", "Between countries of the South"));
        feed(cid, CHAIR, new VotingOpened(cid, 150, 2));
        feed(cid, delegate("PHL"), new BallotCast(cid, "PHL", List.of("p1"), false, null, Map.of("p1", 2)),
                new BallotChanged(cid, "PHL", List.of("p1"), false, PHILIPPINES, Map.of("p1", 2)));
        feed(cid, delegate("KEN"), new BallotCast(cid, "KEN", List.of(), true, KENYA, Map.of()));
        feed(cid, delegate("MEX"), new BallotCast(cid, "MEX", List.of("p2"), false, null, Map.of("p2", 1)));
        return cid;
    }

    /** Each ballot's state and explanation ("" for none), in the order read. */
    private static List<Map.Entry<String, String>> explanations(JsonNode ballots) {
        assertThat(ballots.isArray()).as("%s", ballots).isTrue();
        return ballots.valueStream().map(ballot -> Map.entry(ballot.path("memberState").asString(),
                ballot.path("explanation").isNull() ? "" : ballot.path("explanation").asString())).toList();
    }

    private static JsonNode ballotOf(JsonNode ballots, String memberState) {
        return ballots.valueStream().filter(ballot -> ballot.path("memberState").asString().equals(memberState))
                .findFirst().orElseThrow(() -> new AssertionError("no ballot of " + memberState + " in " + ballots));
    }

    private static String ballotsPath(String cid) {
        return "/api/consultations/" + cid + "/ballots";
    }

    private record Reply(int status, String text) {
        JsonNode json() {
            assertThat(status).as("%s", text).isEqualTo(200);
            return JSON.readTree(text);
        }
    }

    private Reply get(String username, String path) {
        try {
            MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders.get(URI.create(path))
                    .accept("application/json").with(httpBasic(username, "demo"))).andReturn().getResponse();
            return new Reply(response.getStatus(), response.getContentAsString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " as " + username + " failed", e);
        }
    }
}
