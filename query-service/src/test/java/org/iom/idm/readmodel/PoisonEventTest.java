package org.iom.idm.readmodel;

import org.iom.idm.ballot.BallotQueries.ProposalVotes;
import org.iom.idm.consultation.ConsultationQueries.ProposalSummary;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.membership.VotingRights;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A read model parks an event it cannot process, with the cause, and goes on with later events; once the
 * fault is mended, a retry projects the parked event as if nothing had happened.
 */
class PoisonEventTest extends AbstractProjectionTest {

    @Autowired
    private PoisonedEvents poison;

    @AfterEach
    void mendTheFault() {
        poison.heal();
    }

    @Test
    void aFailingEventIsParkedWithItsCauseWhileLaterEventsAreStillProjected() {
        String poisoned = newMemberStateCode();
        String later = newMemberStateCode();
        poison.failOn(poisoned);

        feedMemberState(poisoned, new MemberStateRegistered(poisoned, "Poisonland"));
        feedMemberState(later, new MemberStateRegistered(later, "Laterland"));

        assertThat(listedStates(later)).containsExactly(new MemberStateView(later, "Laterland",
                VotingRights.ACTIVE, null, null));
        assertThat(listedStates(poisoned)).as("the parked event's writes are undone").isEmpty();
        List<DeadLetters.ParkedEvent> parked = deadLetters.list(ReadModels.PROCESSING_GROUP);
        assertThat(parked).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo("MemberStateRegistered");
            assertThat(event.aggregateId()).isEqualTo(poisoned);
            assertThat(event.causeType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(event.causeMessage()).contains(poisoned);
        });
        assertThat(statusOf(ReadModels.PROCESSING_GROUP).parkedEvents()).isEqualTo(1);
        assertThat(statusOf(ReadModels.PROCESSING_GROUP).error()).isFalse();

        poison.heal();
        DeadLetters.Retry retry = deadLetters.retry(ReadModels.PROCESSING_GROUP);

        assertThat(retry.sequencesProjected()).isEqualTo(1);
        assertThat(retry.stillParked()).isZero();
        assertThat(listedStates(poisoned)).containsExactly(new MemberStateView(poisoned, "Poisonland",
                VotingRights.ACTIVE, null, null));
        assertThat(statusOf(ReadModels.PROCESSING_GROUP).parkedEvents()).isZero();
    }

    @Test
    void laterEventsOfAParkedStreamWaitBehindItAndAreProjectedInOrderOnRetry() {
        String poisoned = newMemberStateCode();
        poison.failOn(poisoned);

        Instant suspendedAt = feedMemberState(poisoned, new MemberStateRegistered(poisoned, "Poisonland"),
                new VotingRightsSuspended(poisoned, "Arrears"));

        assertThat(deadLetters.list(ReadModels.PROCESSING_GROUP)).extracting(DeadLetters.ParkedEvent::eventType)
                .containsExactly("MemberStateRegistered", "VotingRightsSuspended");

        poison.heal();
        deadLetters.retry(ReadModels.PROCESSING_GROUP);

        assertThat(listedStates(poisoned)).containsExactly(new MemberStateView(poisoned, "Poisonland",
                VotingRights.SUSPENDED, "Arrears", suspendedAt));
    }

    @Test
    void aRetryOfAnEventThatStillFailsKeepsItParked() {
        String poisoned = newMemberStateCode();
        poison.failOn(poisoned);
        feedMemberState(poisoned, new MemberStateRegistered(poisoned, "Poisonland"));

        DeadLetters.Retry retry = deadLetters.retry(ReadModels.PROCESSING_GROUP);

        assertThat(retry.sequencesProjected()).isZero();
        assertThat(retry.stillParked()).isEqualTo(1);
        assertThat(listedStates(poisoned)).isEmpty();

        poison.heal();
        deadLetters.retry(ReadModels.PROCESSING_GROUP);
        assertThat(listedStates(poisoned)).hasSize(1);
    }

    /**
     * One processor feeds projections that write while handling an event and the tally, which notes its changes and
     * writes them as the batch commits. An event parked because one of them failed leaves nothing in any of them,
     * the events before it in the batch keep what they wrote, and the retry projects it once everywhere.
     */
    @Test
    void aParkedEventLeavesNothingInAnyReadModelOfItsProcessorAndTheRetryProjectsItOnce() {
        String cid = newConsultationId("parked");
        // A stray row where the second proposal's first version goes: the proposal projection fails on it, after
        // the consultation projection has written and the tally has noted the submission.
        db.sql("""
                        insert into proposal_version (consultation_id, proposal_id, version, title, summary, recorded_at)
                        values (?, 'p2', 1, 'Stray', 'Stray', current_timestamp)""")
                .param(cid)
                .update();

        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Summary", Proposer.ADMINISTRATION));

        assertThat(deadLetters.list(ReadModels.PROCESSING_GROUP)).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo("ProposalSubmitted");
            assertThat(event.aggregateId()).isEqualTo(cid);
        });
        assertThat(consultation(cid).proposals()).extracting(ProposalSummary::id).containsExactly("p1");
        assertThat(listed(cid).proposalCount()).isEqualTo(1);
        assertThat(tally(cid).results()).extracting(ProposalVotes::proposalId).containsExactly("p1");

        db.sql("delete from proposal_version where consultation_id = ? and proposal_id = 'p2'").param(cid).update();
        DeadLetters.Retry retry = deadLetters.retry(ReadModels.PROCESSING_GROUP);

        assertThat(retry.sequencesProjected()).isEqualTo(1);
        assertThat(retry.stillParked()).isZero();
        assertThat(consultation(cid).proposals()).extracting(ProposalSummary::id).containsExactly("p1", "p2");
        assertThat(listed(cid).proposalCount()).isEqualTo(2);
        assertThat(tally(cid).results()).extracting(ProposalVotes::proposalId).containsExactly("p1", "p2");
        assertThat(proposal(cid, "p2").versions()).hasSize(1);
    }

    private List<MemberStateView> listedStates(String code) {
        return memberStates().stream().filter(state -> state.code().equals(code)).toList();
    }

    private ProjectionStatus statusOf(String processingGroup) {
        return await().until(() -> projectionStatus(processingGroup), status -> status != null);
    }
}
