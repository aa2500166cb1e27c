package org.iom.idm.consultation;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consultation this instance keeps in memory is used only while no other instance has added to its stream;
 * the events appended here straight to the store stand for another command-service instance's.
 */
class ConsultationCacheApiTest extends ApiTestSupport {

    @Autowired
    private EventStore eventStore;
    @Autowired
    private TransactionManager transactionManager;

    @Test
    void aConsultationChangedByAnotherInstanceIsJudgedOnItsStoredState() {
        String cid = newConsultation();
        String proposal = submitProposal(cid, SECRETARIAT);
        String state = claimMemberState();
        assertRejected(409, "WRONG_PHASE", () -> as(delegateOf(state)).put(ballot(cid, state),
                Map.of("choices", List.of(proposal))));

        appendAsAnotherInstance(cid, new VotingOpened(cid, 186, 2));

        castBallot(cid, state, proposal);
        assertThat(lastPayloadOf(cid, BallotCast.class)).isEqualTo(new BallotCast(cid, state, List.of(proposal), false,
                null, Map.of(proposal, 1)));
    }

    @Test
    void aBallotCastThroughAnotherInstanceIsKnownHere() {
        String cid = newConsultation();
        String proposal = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        String state = claimMemberState();

        appendAsAnotherInstance(cid, new BallotCast(cid, state, List.of(proposal), false));

        long before = storedEventCount();
        castBallot(cid, state, proposal);
        assertThat(storedEventCount()).as("the same ballot again records nothing").isEqualTo(before);
    }

    private void appendAsAnotherInstance(String cid, Object event) {
        long next = lastEventOf(cid).getSequenceNumber() + 1;
        transactionManager.executeInTransaction(() -> eventStore.publish(
                new GenericDomainEventMessage<>(Consultation.class.getSimpleName(), cid, next, event)));
    }

    private static String ballot(String cid, String state) {
        return consultation(cid) + "/ballots/" + state;
    }
}
