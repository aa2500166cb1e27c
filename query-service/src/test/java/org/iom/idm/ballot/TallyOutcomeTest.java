package org.iom.idm.ballot;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallots;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.ballot.BallotQueries.ProposalVotes;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.ballot.Outcome.Status;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.MajorityRule;
import org.iom.idm.consultation.Phase;
import org.iom.idm.consultation.Procedure;
import org.iom.idm.consultation.TieBreak;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** CONTRACT §8 rule 10 on the read side: each round's tally with its outcome under the declared rule. */
class TallyOutcomeTest extends AbstractProjectionTest {

    /** Proposals p1, p2, p3 in phase VOTING, one seat, ten eligible, a quorum of 3. */
    private String votingOn(String name, MajorityRule majority) {
        String cid = newConsultationId(name);
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme", "Which theme?", null, 1, null, null,
                        Procedure.RECORDED_VOTE, majority, TieBreak.RUNOFF, null),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p3", "Diaspora", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 10, 3));
        return cid;
    }

    private void vote(String cid, int round, String state, String... choices) {
        feed(cid, delegate(state), new BallotCast(cid, state, List.of(choices), choices.length == 0, round));
    }

    private void close(String cid) {
        Tally tally = tally(cid);
        feed(cid, CHAIR, new VotingClosed(cid, tally.ballotsCast(), tally.abstentions(), 3, tally.quorumMet()));
    }

    private Optional<Tally> tallyOfRound(String cid, int round) {
        return queryGateway.query(new FindTally(cid, round), ResponseTypes.optionalInstanceOf(Tally.class)).join();
    }

    private List<Ballot> ballotsOfRound(String cid, int round) {
        return queryGateway.query(new FindBallots(cid, round), ResponseTypes.multipleInstancesOf(Ballot.class))
                .join();
    }

    @Test
    void theOutcomeIsPendingUntilVotingClosesWhateverTheCount() {
        String cid = votingOn("pending", MajorityRule.SIMPLE);
        vote(cid, 1, "PHL", "p1");
        vote(cid, 1, "MEX", "p1");

        assertThat(tally(cid).outcome()).isEqualTo(Outcome.pending(MajorityRule.SIMPLE));
        close(cid);
        assertThat(tally(cid).outcome().status()).isEqualTo(Status.ADOPTED);
        assertThat(tally(cid).outcome().adopted()).containsExactly("p1");
        feed(cid, CHAIR, new DecisionRecorded(cid, List.of("p1"), null));
        assertThat(tally(cid).outcome().status()).isEqualTo(Status.ADOPTED);
    }

    @Test
    void aCancelledVoteHasNoOutcome() {
        String cid = votingOn("cancelled", MajorityRule.PLURALITY);
        vote(cid, 1, "PHL", "p1");
        feed(cid, SECRETARIAT, new ConsultationCancelled(cid, Phase.VOTING, "Postponed"));

        assertThat(tally(cid).outcome()).isEqualTo(Outcome.pending(MajorityRule.PLURALITY));
    }

    @Test
    void theOutcomeFollowsTheDeclaredRule() {
        String cid = votingOn("two-thirds", MajorityRule.TWO_THIRDS);
        vote(cid, 1, "PHL", "p1");
        vote(cid, 1, "MEX", "p1");
        vote(cid, 1, "SEN", "p2");
        vote(cid, 1, "BRA");
        close(cid);

        Outcome outcome = tally(cid).outcome();
        assertThat(outcome.rule()).isEqualTo(MajorityRule.TWO_THIRDS);
        assertThat(outcome.status()).as("2 of 3 votes, the abstention aside").isEqualTo(Status.ADOPTED);
        assertThat(outcome.adopted()).containsExactly("p1");
    }

    @Test
    void everyRoundsTallyAndBallotsStayReadableAndARunoffCanEndInAdoption() {
        String cid = votingOn("runoff", MajorityRule.SIMPLE);
        vote(cid, 1, "PHL", "p1");
        vote(cid, 1, "MEX", "p2");
        vote(cid, 1, "SEN", "p3");
        vote(cid, 1, "BRA", "p1");
        close(cid);
        assertThat(tally(cid).outcome().status()).isEqualTo(Status.NO_MAJORITY);

        feed(cid, CHAIR, new RunoffOpened(cid, 2, List.of("p1", "p2", "p3"), List.of(), 9, 5));
        Tally second = tally(cid);
        assertThat(second.round()).isEqualTo(2);
        assertThat(second.phase()).isEqualTo(Phase.VOTING);
        assertThat(second.eligible()).isEqualTo(9);
        assertThat(second.quorum()).isEqualTo(5);
        assertThat(second.ballotsCast()).isZero();
        vote(cid, 2, "PHL", "p2");
        vote(cid, 2, "MEX", "p2");
        vote(cid, 2, "SEN", "p2");
        vote(cid, 2, "BRA", "p1");
        vote(cid, 2, "ARG", "p2");
        close(cid);

        Tally first = tallyOfRound(cid, 1).orElseThrow();
        assertThat(first.round()).isEqualTo(1);
        assertThat(first.phase()).as("an earlier round is over").isEqualTo(Phase.CLOSED);
        assertThat(first.eligible()).isEqualTo(10);
        assertThat(first.results()).extracting(ProposalVotes::votes).containsExactly(2, 1, 1);
        assertThat(first.outcome().status()).isEqualTo(Status.NO_MAJORITY);
        assertThat(ballotsOfRound(cid, 1)).hasSize(4).allSatisfy(ballot -> assertThat(ballot.round()).isEqualTo(1))
                .extracting(Ballot::memberState, Ballot::choices).contains(tuple("PHL", List.of("p1")));

        Tally last = tally(cid);
        assertThat(last.round()).isEqualTo(2);
        assertThat(last.results()).extracting(ProposalVotes::votes).containsExactly(1, 4, 0);
        assertThat(last.outcome().status()).isEqualTo(Status.ADOPTED);
        assertThat(last.outcome().adopted()).containsExactly("p2");
        assertThat(ballots(cid)).hasSize(5).allSatisfy(ballot -> assertThat(ballot.round()).isEqualTo(2));
        assertThat(tallyOfRound(cid, 2)).contains(last);
        assertThat(tallyOfRound(cid, 3)).as("a round not held").isEmpty();
    }

    @Test
    void aRunoffTallyCountsOnlyItsCandidates() {
        String cid = votingOn("candidates", MajorityRule.PLURALITY);
        vote(cid, 1, "PHL", "p1");
        vote(cid, 1, "MEX", "p2");
        vote(cid, 1, "SEN");
        close(cid);
        assertThat(tally(cid).outcome().status()).isEqualTo(Status.TIE);
        assertThat(tally(cid).outcome().tied()).containsExactly("p1", "p2");

        feed(cid, CHAIR, new RunoffOpened(cid, 2, List.of("p1", "p2"), List.of(), 10, 3));

        assertThat(tally(cid).results()).extracting(ProposalVotes::proposalId).containsExactly("p1", "p2");
        assertThat(tally(cid).outcome().status()).isEqualTo(Status.PENDING);
    }
}
