package org.iom.idm.ballot;

import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.iom.idm.readmodel.ApiClient;
import org.iom.idm.readmodel.ApiClient.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/**
 * {@code GET /ballots/mine} (CONTRACT §5): a delegate reads its own state's ballot even while voting is sealed; a
 * 404 says which is missing, the ballot, a member state to speak for, or the consultation itself.
 */
class OwnBallotReadsTest extends AbstractProjectionTest {

    @Autowired
    private ApiClient api;

    @Test
    void aDelegateReadsItsOwnStatesBallotWhileVotingIsSealed() {
        String cid = votingWithPhilippinesBallot("mine-own");

        Reply own = get("delegate-phl", cid);

        assertThat(own.status()).as(own.text()).isEqualTo(200);
        JsonNode ballot = own.json();
        assertThat(ballot.path("memberState").asString()).isEqualTo("PHL");
        assertThat(ballot.path("choices").get(0).asString()).isEqualTo("p1");
        assertThat(ballot.path("round").asInt()).isEqualTo(1);
    }

    @Test
    void aStateThatHasNotVotedIsToldItHasCastNoBallotAndLearnsNothingOfOthers() {
        String cid = votingWithPhilippinesBallot("mine-none");

        Reply none = get("delegate-ken", cid);

        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(none.json().path("detail").asString()).isEqualTo("KEN has cast no ballot in '" + cid + "'");
        assertThat(none.text()).doesNotContain("PHL", "p1", "ballotsCast");
    }

    @Test
    void someoneWhoSpeaksForNoMemberStateIsToldSo() {
        String cid = votingWithPhilippinesBallot("mine-staff");

        Reply chair = get("chair", cid);

        assertThat(chair.status()).isEqualTo(404);
        assertThat(chair.json().path("detail").asString())
                .isEqualTo("only delegates cast ballots; chair speaks for no member state");
    }

    @Test
    void aConsultationNotKnownIsNotFoundAsSuchForDelegatesAndStaffAlike() {
        votingWithPhilippinesBallot("mine-known");
        String unknown = newConsultationId("mine-unknown");

        for (String reader : List.of("delegate-phl", "delegate-ken", "chair")) {
            Reply reply = get(reader, unknown);
            assertThat(reply.status()).as(reader).isEqualTo(404);
            assertThat(reply.json().path("detail").asString()).as(reader)
                    .isEqualTo("no consultation '" + unknown + "'");
        }
    }

    private String votingWithPhilippinesBallot(String name) {
        accreditDelegates("PHL", "KEN");
        String cid = newConsultationId(name);
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 150, 2));
        feed(cid, delegate("PHL"), new BallotCast(cid, "PHL", List.of("p1"), false));
        return cid;
    }

    private Reply get(String username, String cid) {
        return api.perform(MockMvcRequestBuilders.get(URI.create("/api/consultations/" + cid + "/ballots/mine"))
                .accept("application/json").with(httpBasic(username, "demo")));
    }
}
