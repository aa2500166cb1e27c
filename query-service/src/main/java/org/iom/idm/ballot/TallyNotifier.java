package org.iom.idm.ballot;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.proposal.ProposalEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Pushes each change of a tally to this instance's tally-stream subscribers. Every query-service instance
 * runs its own, over every event, while the tally itself is kept by whichever instance holds the ballots
 * processor's segment; so it first waits until the shared tally includes the event, then pushes it. Its
 * position lives in memory: it starts at the head of the store and follows the present only.
 */
@Component
@ProcessingGroup(TallyNotifier.PROCESSING_GROUP)
@DisallowReplay
class TallyNotifier {

    static final String PROCESSING_GROUP = "tally-notifications";
    private static final Logger LOG = LoggerFactory.getLogger(TallyNotifier.class);

    private final TallyProjection tallies;
    private final QueryUpdateEmitter updates;
    private final Duration pollInterval;
    private final Duration patience;

    TallyNotifier(TallyProjection tallies, QueryUpdateEmitter updates,
                  @Value("${idm.tally-stream.poll-interval}") Duration pollInterval,
                  @Value("${idm.tally-stream.patience}") Duration patience) {
        this.tallies = tallies;
        this.updates = updates;
        this.pollInterval = pollInterval;
        this.patience = patience;
    }

    @EventHandler
    void on(BallotEvent event, @SequenceNumber long sequence) {
        push(event.consultationId(), sequence);
    }

    /** Proposals submitted, amended or withdrawn change the tally's results. */
    @EventHandler
    void on(ProposalEvent event, @SequenceNumber long sequence) {
        push(event.consultationId(), sequence);
    }

    /** Opening, closing, deciding and cancelling change the tally's phase. */
    @EventHandler
    void on(ConsultationEvent event, @SequenceNumber long sequence) {
        push(event.consultationId(), sequence);
    }

    private void push(String consultationId, long sequence) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (tallies.appliedSequence(consultationId) < sequence) {
            if (System.nanoTime() > deadline) {
                LOG.warn("The tally of {} did not reach event {} within {}; subscribers get the next change",
                        consultationId, sequence, patience);
                return;
            }
            LockSupport.parkNanos(pollInterval.toNanos());
        }
        tallies.tallyOf(consultationId).ifPresent(tally -> updates.emit(FindTally.class,
                query -> query.consultationId().equals(consultationId), tally));
    }
}
