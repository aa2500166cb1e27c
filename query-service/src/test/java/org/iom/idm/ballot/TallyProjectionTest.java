package org.iom.idm.ballot;

import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.ProposalVotes;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.Phase;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The tally and the ballots (TallyProjection, one of the read models), and the live tally updates. */
class TallyProjectionTest extends AbstractProjectionTest {

    @Autowired
    private TallyProjection tallies;
    @Autowired
    private TallyCommits commits;

    /** A consultation with three active proposals p1, p2, p3 (submitted in that order) in phase VOTING. */
    private String votingOn(String name, int selectCount, int eligible, int quorum) {
        String cid = newConsultationId(name);
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme", "Which theme?", null, selectCount, null, null),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Summary", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new ProposalSubmitted(cid, "p3", "Diaspora", "Summary", "PHL"));
        feed(cid, CHAIR, new VotingOpened(cid, eligible, quorum));
        return cid;
    }

    private Instant vote(String cid, String state, String... choices) {
        return feed(cid, delegate(state), new BallotCast(cid, state, List.of(choices), false));
    }

    private Instant abstain(String cid, String state) {
        return feed(cid, delegate(state), new BallotCast(cid, state, List.of(), true));
    }

    private static int votesFor(Tally tally, String proposalId) {
        return tally.results().stream().filter(result -> result.proposalId().equals(proposalId))
                .mapToInt(ProposalVotes::votes).findFirst()
                .orElseThrow(() -> new AssertionError(proposalId + " not in the tally"));
    }

    @Test
    void theTallyCountsVotesPerActiveProposalInSubmissionOrder() {
        String cid = votingOn("counts", 2, 10, 6);
        vote(cid, "PHL", "p3", "p1");
        vote(cid, "MEX", "p1");
        vote(cid, "SEN", "p1", "p2");

        assertThat(tally(cid).results()).containsExactly(
                new ProposalVotes("p1", "South-South Migration", 3),
                new ProposalVotes("p2", "Migration and Social Change", 1),
                new ProposalVotes("p3", "Diaspora", 1));
    }

    @Test
    void theTallyHasThePhaseEligibleAndQuorumOfTheOpenedVote() {
        String cid = votingOn("header", 1, 120, 61);

        Tally tally = tally(cid);
        assertThat(tally.consultationId()).isEqualTo(cid);
        assertThat(tally.phase()).isEqualTo(Phase.VOTING);
        assertThat(tally.eligible()).isEqualTo(120);
        assertThat(tally.quorum()).isEqualTo(61);
        assertThat(tally.ballotsCast()).isZero();
        assertThat(tally.abstentions()).isZero();
        assertThat(tally.quorumMet()).isFalse();
        assertThat(tally.results()).extracting(ProposalVotes::votes).containsOnly(0);
    }

    @Test
    void theTallyPhaseFollowsClosingDecidingAndCancelling() {
        String decided = votingOn("phase-decided", 1, 3, 2);
        feed(decided, CHAIR, new VotingClosed(decided, 0, 0, 2, false));
        assertThat(tally(decided).phase()).isEqualTo(Phase.CLOSED);
        feed(decided, CHAIR, new DecisionRecorded(decided, List.of("p1"), "Quorum not met"));
        assertThat(tally(decided).phase()).isEqualTo(Phase.DECIDED);

        String cancelled = votingOn("phase-cancelled", 1, 3, 2);
        feed(cancelled, SECRETARIAT, new ConsultationCancelled(cancelled, Phase.VOTING, "Postponed"));
        assertThat(tally(cancelled).phase()).isEqualTo(Phase.CANCELLED);
    }

    @Test
    void ballotsCastIncludesAbstentions() {
        String cid = votingOn("cast", 1, 10, 6);
        vote(cid, "PHL", "p1");
        abstain(cid, "MEX");
        vote(cid, "SEN", "p2");

        assertThat(tally(cid).ballotsCast()).isEqualTo(3);
    }

    @Test
    void abstentionsAreCountedAndAddNoVotes() {
        String cid = votingOn("abstentions", 1, 10, 6);
        abstain(cid, "PHL");
        abstain(cid, "MEX");
        vote(cid, "SEN", "p2");

        Tally tally = tally(cid);
        assertThat(tally.abstentions()).isEqualTo(2);
        assertThat(tally.results()).extracting(ProposalVotes::votes).containsExactly(0, 1, 0);
    }

    @Test
    void theQuorumIsMetOnceBallotsIncludingAbstentionsReachTheQuorumSetAtVotingOpened() {
        String cid = newConsultationId("quorum");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme", "Which theme?", null, 1, 10, null),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 5, 3));
        vote(cid, "PHL", "p1");
        abstain(cid, "MEX");
        assertThat(tally(cid).quorumMet()).as("2 of 3 ballots").isFalse();

        vote(cid, "SEN", "p1");

        Tally tally = tally(cid);
        assertThat(tally.quorum()).isEqualTo(3);
        assertThat(tally.quorumMet()).as("3 of 3 ballots, one an abstention").isTrue();
    }

    @Test
    void aChangedBallotMovesTheVoteWithoutDoubleCounting() {
        String cid = votingOn("changed", 1, 10, 6);
        vote(cid, "PHL", "p1");
        vote(cid, "MEX", "p1");
        feed(cid, delegate("PHL"), new BallotChanged(cid, "PHL", List.of("p2"), false));

        Tally tally = tally(cid);
        assertThat(tally.results()).extracting(ProposalVotes::proposalId, ProposalVotes::votes)
                .containsExactly(tuple("p1", 1), tuple("p2", 1), tuple("p3", 0));
        assertThat(tally.ballotsCast()).isEqualTo(2);
    }

    @Test
    void aBallotChangedToAnAbstentionCountsAsAnAbstentionOnly() {
        String cid = votingOn("to-abstention", 1, 10, 6);
        vote(cid, "PHL", "p1");
        feed(cid, delegate("PHL"), new BallotChanged(cid, "PHL", List.of(), true));

        Tally tally = tally(cid);
        assertThat(votesFor(tally, "p1")).isZero();
        assertThat(tally.ballotsCast()).isEqualTo(1);
        assertThat(tally.abstentions()).isEqualTo(1);
    }

    @Test
    void anAbstentionChangedToAVoteIsNoLongerAnAbstention() {
        String cid = votingOn("from-abstention", 1, 10, 6);
        abstain(cid, "PHL");
        feed(cid, delegate("PHL"), new BallotChanged(cid, "PHL", List.of("p3"), false));

        Tally tally = tally(cid);
        assertThat(votesFor(tally, "p3")).isEqualTo(1);
        assertThat(tally.ballotsCast()).isEqualTo(1);
        assertThat(tally.abstentions()).isZero();
    }

    @Test
    void everyChangeOfABallotIncrementsItsChanges() {
        String cid = votingOn("changes", 1, 10, 6);
        vote(cid, "PHL", "p1");
        assertThat(ballot(cid, "PHL")).map(Ballot::changes).contains(0);

        feed(cid, delegate("PHL"), new BallotChanged(cid, "PHL", List.of("p2"), false));
        Instant lastChange = feed(cid, delegate("PHL"), new BallotChanged(cid, "PHL", List.of("p3"), false));

        assertThat(ballot(cid, "PHL"))
                .contains(new Ballot("PHL", List.of("p3"), false, lastChange, 2, null, Map.of(), 1));
    }

    /** Events appended together are projected in one batch, where a state's ballot is one row written once. */
    @Test
    void aBallotCastAndChangedWithinOneBatchEndsAsItsLastChange() {
        String cid = votingOn("batched-changes", 2, 10, 6);
        vote(cid, "MEX", "p1");

        Instant last = feed(cid, delegate("PHL"), new BallotCast(cid, "PHL", List.of("p1"), false),
                new BallotChanged(cid, "PHL", List.of("p2", "p3"), false),
                new BallotChanged(cid, "MEX", List.of(), true),
                new BallotChanged(cid, "PHL", List.of("p3", "p1"), false),
                new BallotChanged(cid, "MEX", List.of("p2"), false));

        assertThat(ballot(cid, "PHL"))
                .contains(new Ballot("PHL", List.of("p3", "p1"), false, last.minusSeconds(60), 2, null, Map.of(),
                        1));
        assertThat(ballot(cid, "MEX"))
                .contains(new Ballot("MEX", List.of("p2"), false, last, 2, null, Map.of(), 1));
        Tally tally = tally(cid);
        assertThat(tally.ballotsCast()).isEqualTo(2);
        assertThat(tally.abstentions()).isZero();
        assertThat(votesFor(tally, "p1")).isEqualTo(1);
        assertThat(votesFor(tally, "p2")).isEqualTo(1);
        assertThat(votesFor(tally, "p3")).isEqualTo(1);
    }

    @Test
    void leadingIsTheTopSelectCountProposalsByVotes() {
        String cid = votingOn("leading", 2, 10, 6);
        vote(cid, "PHL", "p2", "p3");
        vote(cid, "MEX", "p3", "p1");
        vote(cid, "SEN", "p3", "p2");
        vote(cid, "KEN", "p2");

        // p3: 3, p2: 3, p1: 1
        assertThat(tally(cid).leading()).containsExactlyInAnyOrder("p2", "p3");
    }

    @Test
    void proposalsTiedAtTheBoundaryAllLead() {
        String cid = votingOn("tie", 1, 10, 6);
        vote(cid, "PHL", "p1");
        vote(cid, "MEX", "p3");
        vote(cid, "SEN", "p2");
        vote(cid, "KEN", "p3");
        vote(cid, "GHA", "p1");

        // p1: 2, p3: 2, p2: 1
        assertThat(tally(cid).leading()).containsExactlyInAnyOrder("p1", "p3");
    }

    @Test
    void proposalsTiedAtTheBoundaryOfTwoAllLead() {
        String cid = votingOn("tie-of-two", 2, 10, 6);
        vote(cid, "PHL", "p1", "p2");
        vote(cid, "MEX", "p1", "p3");

        // p1: 2, p2: 1, p3: 1: the second place is shared
        assertThat(tally(cid).leading()).containsExactlyInAnyOrder("p1", "p2", "p3");
    }

    @Test
    void noneLeadsWhenNobodyVoted() {
        String cid = votingOn("nobody", 1, 10, 6);

        assertThat(tally(cid).leading()).isEmpty();
    }

    @Test
    void noneLeadsWhenEveryBallotIsAnAbstention() {
        String cid = votingOn("only-abstentions", 1, 10, 6);
        abstain(cid, "PHL");
        abstain(cid, "MEX");

        assertThat(tally(cid).leading()).isEmpty();
    }

    @Test
    void proposalsWithoutVotesNeverLead() {
        String cid = votingOn("without-votes", 2, 10, 6);
        vote(cid, "PHL", "p1");
        vote(cid, "MEX", "p1");

        assertThat(tally(cid).leading()).containsExactly("p1");
    }

    @Test
    void withdrawnProposalsAreNotInTheTally() {
        String cid = newConsultationId("withdrawn");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new ProposalSubmitted(cid, "p2", "Diaspora", "Summary", "PHL"),
                new ProposalWithdrawn(cid, "p2", "Merged"));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2));

        assertThat(tally(cid).results()).extracting(ProposalVotes::proposalId).containsExactly("p1");
    }

    @Test
    void theTallyShowsTheLatestTitleOfAnAmendedProposal() {
        String cid = newConsultationId("amended-title");
        feed(cid, delegate("PHL"), created(cid), new ProposalSubmitted(cid, "p1", "Diaspora", "Summary", "PHL"),
                new ProposalAmended(cid, "p1", 2, "Diasporas in development", "Summary"));

        assertThat(tally(cid).results()).containsExactly(new ProposalVotes("p1", "Diasporas in development", 0));
    }

    @Test
    void theBallotsListHasEachStatesLatestBallotOrderedByMemberState() {
        String cid = votingOn("ballots", 2, 10, 6);
        Instant sen = vote(cid, "SEN", "p2", "p1");
        Instant mex = abstain(cid, "MEX");
        vote(cid, "PHL", "p1");
        Instant phl = feed(cid, delegate("PHL"), new BallotChanged(cid, "PHL", List.of("p3", "p2"), false));

        assertThat(ballots(cid)).containsExactly(
                new Ballot("MEX", List.of(), true, mex, 0, null, Map.of(), 1),
                new Ballot("PHL", List.of("p3", "p2"), false, phl, 1, null, Map.of(), 1),
                new Ballot("SEN", List.of("p2", "p1"), false, sen, 0, null, Map.of(), 1));
    }

    @Test
    void theBallotsListIsEmptyBeforeAnyoneVotes() {
        String cid = votingOn("no-ballots", 1, 10, 6);

        assertThat(ballots(cid)).isEmpty();
    }

    @Test
    void findBallotAnswersForOneMemberStateOnly() {
        String cid = votingOn("one-ballot", 2, 10, 6);
        Instant phl = vote(cid, "PHL", "p2", "p1");
        vote(cid, "MEX", "p3");

        assertThat(ballot(cid, "PHL"))
                .contains(new Ballot("PHL", List.of("p2", "p1"), false, phl, 0, null, Map.of(), 1));
        assertThat(ballot(cid, "SEN")).as("a state that has not voted").isEmpty();
    }

    @Test
    void aSubscriptionQueryReceivesTheTallyAfterABallotIsCast() {
        String cid = votingOn("subscription", 1, 10, 2);
        SubscriptionQueryResult<Optional<Tally>, Tally> subscription = subscribeToTally(cid);
        try {
            Optional<Tally> initial = subscription.initialResult().block(Duration.ofSeconds(10));
            assertThat(initial).map(Tally::ballotsCast).contains(0);

            appendToConsultation(cid, delegate("PHL"), new BallotCast(cid, "PHL", List.of("p2"), false));
            Tally update = subscription.updates().filter(tally -> tally.ballotsCast() > 0)
                    .blockFirst(PROCESSING_TIMEOUT);

            assertThat(update).isNotNull();
            assertThat(update.consultationId()).isEqualTo(cid);
            assertThat(update.ballotsCast()).isEqualTo(1);
            assertThat(votesFor(update, "p2")).isEqualTo(1);
            assertThat(update.leading()).containsExactly("p2");
        } finally {
            subscription.close();
        }
        awaitProjections();
    }

    @Test
    void subscriptionsToSeveralConsultationsEachReceiveTheTallyWithAllTheirBallots() {
        String first = votingOn("subscription-first", 1, 10, 2);
        String second = votingOn("subscription-second", 1, 10, 2);
        SubscriptionQueryResult<Optional<Tally>, Tally> firstSubscription = subscribeToTally(first);
        SubscriptionQueryResult<Optional<Tally>, Tally> secondSubscription = subscribeToTally(second);
        try {
            firstSubscription.initialResult().block(Duration.ofSeconds(10));
            secondSubscription.initialResult().block(Duration.ofSeconds(10));

            appendToConsultation(first, delegate("PHL"), new BallotCast(first, "PHL", List.of("p1"), false));
            appendToConsultation(second, delegate("PHL"), new BallotCast(second, "PHL", List.of("p2"), false));
            appendToConsultation(first, delegate("MEX"), new BallotCast(first, "MEX", List.of("p1"), false));
            appendToConsultation(first, delegate("PHL"), new BallotChanged(first, "PHL", List.of("p3"), false));

            Tally firstUpdate = firstSubscription.updates().filter(tally -> votesFor(tally, "p3") == 1)
                    .blockFirst(PROCESSING_TIMEOUT);
            Tally secondUpdate = secondSubscription.updates().filter(tally -> tally.ballotsCast() == 1)
                    .blockFirst(PROCESSING_TIMEOUT);

            assertThat(firstUpdate).isNotNull();
            assertThat(firstUpdate.ballotsCast()).isEqualTo(2);
            assertThat(votesFor(firstUpdate, "p1")).isEqualTo(1);
            assertThat(secondUpdate).isNotNull();
            assertThat(votesFor(secondUpdate, "p2")).isEqualTo(1);
        } finally {
            firstSubscription.close();
            secondSubscription.close();
        }
        awaitProjections();
    }

    @Test
    void aSubscriptionQueryReceivesTheTallyWhenVotingCloses() {
        String cid = votingOn("subscription-close", 1, 10, 2);
        vote(cid, "PHL", "p1");
        SubscriptionQueryResult<Optional<Tally>, Tally> subscription = subscribeToTally(cid);
        try {
            subscription.initialResult().block(Duration.ofSeconds(10));

            appendToConsultation(cid, CHAIR, new VotingClosed(cid, 1, 0, 2, false));
            Tally update = subscription.updates().filter(tally -> tally.phase() != Phase.VOTING)
                    .blockFirst(PROCESSING_TIMEOUT);

            assertThat(update).isNotNull();
            assertThat(update.phase()).isEqualTo(Phase.CLOSED);
            assertThat(update.ballotsCast()).isEqualTo(1);
        } finally {
            subscription.close();
        }
        awaitProjections();
    }

    @Test
    void aSubscriptionQueryReceivesTheTallyWhenAProposalIsSubmitted() {
        String cid = newConsultationId("subscription-proposal");
        feed(cid, SECRETARIAT, created(cid));
        SubscriptionQueryResult<Optional<Tally>, Tally> subscription = subscribeToTally(cid);
        try {
            subscription.initialResult().block(Duration.ofSeconds(10));

            appendToConsultation(cid, SECRETARIAT,
                    new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
            Tally update = subscription.updates().filter(tally -> !tally.results().isEmpty())
                    .blockFirst(PROCESSING_TIMEOUT);

            assertThat(update).isNotNull();
            assertThat(update.results()).extracting(ProposalVotes::title).containsExactly("South-South Migration");
        } finally {
            subscription.close();
        }
        awaitProjections();
    }

    @Test
    void aDraftInCirculationLeavesTheTallyAsItIsButCountsAsAppliedSoThatTheLiveTallyDoesNotWaitForIt() {
        String cid = newConsultationId("draft-applied");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), "The theme is South-South migration.",
                Instant.parse("2099-01-01T00:00:00Z")));

        assertThat(tallies.appliedSequences(List.of(cid))).containsEntry(cid, 2L);
        assertThat(tally(cid).phase()).isEqualTo(Phase.OPEN);
    }

    @Test
    void eachCommittedBatchTellsThisInstancesNotifierWhatTheStoredTallyIncludes() {
        String created = newConsultationId("commit-created");
        feed(created, SECRETARIAT, created(created));
        String voting = votingOn("commit-voting", 1, 10, 2);
        vote(voting, "PHL", "p1");

        Map<String, Long> stored = tallies.appliedSequences(List.of(created, voting));
        assertThat(stored).containsOnlyKeys(created, voting);
        await("the commits of " + stored + " told").atMost(PROCESSING_TIMEOUT)
                .until(() -> commits.awaitIncluded(stored, System.nanoTime()), told -> told.size() == stored.size());
    }

    @Test
    void anUnknownConsultationHasNoTally() {
        assertThat(findTally(newConsultationId("unknown"))).isEmpty();
    }

    /**
     * The chair watches the live tally while ballots arrive: a tally is read from one state of the read model, so
     * a batch of ballots that commits while it is read is in it wholly or not at all, and its figures agree.
     */
    @Test
    void aTallyReadWhileBallotsCommitAgreesWithItself() throws Exception {
        String cid = votingOn("torn", 1, 400, 1);
        AtomicBoolean voting = new AtomicBoolean(true);
        List<String> disagreeing = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Thread chair = new Thread(() -> {
            while (voting.get()) {
                Tally seen = tally(cid);
                int votes = seen.results().stream().mapToInt(ProposalVotes::votes).sum();
                if (votes + seen.abstentions() != seen.ballotsCast()) {
                    disagreeing.add(votes + " votes and " + seen.abstentions() + " abstentions in "
                            + seen.ballotsCast() + " ballots");
                }
                reads.incrementAndGet();
            }
        });
        chair.start();
        try {
            for (int ballot = 0; ballot < 300; ballot++) {
                String state = "Z" + (char) ('A' + ballot / 26) + (char) ('A' + ballot % 26);
                appendToConsultation(cid, delegate(state), ballot % 5 == 0
                        ? new BallotCast(cid, state, List.of(), true)
                        : new BallotCast(cid, state, List.of(ballot % 2 == 0 ? "p1" : "p2"), false));
            }
            awaitProjections();
        } finally {
            voting.set(false);
            chair.join();
        }

        assertThat(tally(cid).ballotsCast()).isEqualTo(300);
        assertThat(reads.get()).as("tallies read while the ballots committed").isGreaterThan(10);
        assertThat(disagreeing).as("tallies whose figures disagree, of %d read", reads.get()).isEmpty();
    }
}
