package org.iom.idm.consultation;

import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consultation loaded from its snapshot judges every rule as one replayed from all its events. To be sure the
 * snapshot alone carries the state, each test removes the events the snapshot covers before the next command.
 */
class ConsultationSnapshotApiTest extends ApiTestSupport {

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private LoadedConsultations loadedConsultations;

    @Test
    void aConsultationLoadedFromItsSnapshotKnowsItsProposalsAndComments() {
        String cid = newConsultation();
        String author = claimMemberState();
        String first = submitProposal(cid, SECRETARIAT, "Snapshot title one");
        String withdrawn = submitProposal(cid, SECRETARIAT);
        String comment = addComment(cid, first, delegateOf(author));
        addComment(cid, first, delegateOf(author));
        withdraw(cid, withdrawn, SECRETARIAT);
        addComment(cid, first, delegateOf(author));

        removeEventsCoveredBySnapshotOf(cid);

        assertRejected(409, "DUPLICATE_TITLE", () -> as(SECRETARIAT).post(proposalsOf(cid),
                Map.of("title", "SNAPSHOT title one", "summary", "Same title, other case")));
        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(delegateOf(author)).post(proposal(cid, withdrawn)
                + "/comments", Map.of("text", "On a withdrawn proposal")));
        assertRejected(403, "FORBIDDEN", () -> as(delegateOf(claimMemberState())).put(comment(cid, first, comment),
                Map.of("text", "Not my comment to edit")));
        assertCreated(as(delegateOf(claimMemberState())).post(proposal(cid, first) + "/comments",
                Map.of("text", "A reply", "inReplyTo", comment)), "id");
    }

    @Test
    void aConsultationLoadedFromItsSnapshotKnowsItsBallotsAndQuorum() {
        String cid = newConsultation(Map.of("selectCount", 1, "quorum", 3));
        String leading = submitProposal(cid, SECRETARIAT);
        String trailing = submitProposal(cid, SECRETARIAT);
        String withdrawn = submitProposal(cid, SECRETARIAT);
        withdraw(cid, withdrawn, SECRETARIAT);
        openVoting(cid);
        String changing = claimMemberState();
        String second = claimMemberState();
        String third = claimMemberState();
        castBallot(cid, changing, trailing);
        castBallot(cid, second, trailing);
        castBallot(cid, third, leading);

        removeEventsCoveredBySnapshotOf(cid);

        long before = storedEventCount();
        castBallot(cid, second, trailing);
        assertThat(storedEventCount()).as("the same ballot again records nothing").isEqualTo(before);
        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(delegateOf(third)).put(ballot(cid, third),
                Map.of("choices", List.of(withdrawn))));
        assertRejected(409, "TOO_MANY_CHOICES", () -> as(delegateOf(third)).put(ballot(cid, third),
                Map.of("choices", List.of(leading, trailing))));
        castBallot(cid, changing, leading);
        assertThat(lastPayloadOf(cid, BallotChanged.class))
                .isEqualTo(new BallotChanged(cid, changing, List.of(leading), false, null,
                        Map.of(leading, 1)));
        for (int i = 0; i < SNAPSHOT_AFTER; i++) {
            castBallot(cid, claimMemberState(), leading);
        }

        removeEventsCoveredBySnapshotOf(cid);

        closeVoting(cid);
        assertThat(lastPayloadOf(cid, VotingClosed.class))
                .isEqualTo(new VotingClosed(cid, 3 + SNAPSHOT_AFTER, 0, 3, true));
        assertRejected(409, "RATIONALE_REQUIRED", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(trailing))));
        assertNoContent(as(CHAIR).post(consultation(cid) + "/decision", Map.of("selected", List.of(leading))));
        assertThat(lastPayloadOf(cid, DecisionRecorded.class))
                .isEqualTo(new DecisionRecorded(cid, List.of(leading), null));
    }

    @Test
    void aSnapshotOfAnotherRevisionIsIgnoredAndTheEventsAreReplayed() {
        String cid = newConsultation(Map.of("selectCount", 1));
        String first = submitProposal(cid, SECRETARIAT);
        String second = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        String state = claimMemberState();
        castBallot(cid, state, first);
        castBallot(cid, claimMemberState(), first);
        castBallot(cid, claimMemberState(), second);
        awaitSnapshotOf(cid);

        jdbc.update("update snapshot_event_entry set payload_revision = 'retired', payload = ? "
                + "where aggregate_identifier = ?", "{}".getBytes(), cid);
        loadedConsultations.removeAll();

        castBallot(cid, state, second);
        assertThat(lastPayloadOf(cid, BallotChanged.class))
                .isEqualTo(new BallotChanged(cid, state, List.of(second), false, null,
                        Map.of(second, 1)));
    }

    /**
     * Leaves the snapshot as the only record of the consultation's state up to it, and has the next command load
     * it from the store, as after a restart.
     */
    private void removeEventsCoveredBySnapshotOf(String cid) {
        long snapshotAt = awaitSnapshotOf(cid);
        assertThat(jdbc.queryForObject("select payload_type from snapshot_event_entry where aggregate_identifier = ? "
                + "and sequence_number = ?", String.class, cid, snapshotAt)).isEqualTo(Consultation.class.getName());
        int removed = jdbc.update("delete from domain_event_entry where aggregate_identifier = ? "
                + "and sequence_number <= ?", cid, snapshotAt);
        assertThat(removed).as("events up to the latest snapshot, %s", snapshotAt).isPositive();
        loadedConsultations.removeAll();
    }

    /** The sequence number of the consultation's latest snapshot, once it has one. */
    private long awaitSnapshotOf(String cid) {
        for (int attempt = 0; attempt < 200; attempt++) {
            Long at = jdbc.queryForObject("select max(sequence_number) from snapshot_event_entry "
                    + "where aggregate_identifier = ?", Long.class, cid);
            if (at != null) {
                return at;
            }
            sleep();
        }
        throw new AssertionError("no snapshot of " + cid + " after more than " + SNAPSHOT_AFTER + " events");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String ballot(String cid, String state) {
        return consultation(cid) + "/ballots/" + state;
    }
}
