package org.iom.idm.ballot;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.proposal.ProposalEvent;
import org.iom.idm.readmodel.BatchState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Pushes each change of a tally to this instance's tally-stream subscribers. Every query-service instance
 * runs its own, over every event, while the tally itself is kept by whichever instance holds the ballots
 * processor's segment; so it first waits until the shared tally includes the change, then pushes it. It looks
 * rather than waits for an update: no update emitted on this instance tells when another instance's write commits.
 * Its position lives in memory: it starts at the head of the store and follows the present only.
 *
 * <p>Events come in batches: per batch, each consultation's tally is pushed once, when it includes the
 * consultation's last event of the batch, so a burst of ballots costs one look and one push per consultation.
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
    private final Duration maxPollInterval;
    private final Duration patience;
    /** Each consultation's latest change in the batch. */
    private final BatchState<Map<String, Long>> batches = BatchState.<Map<String, Long>>of(
            TallyNotifier.class.getName() + ".changes", LinkedHashMap::new).afterCommit(this::push);

    TallyNotifier(TallyProjection tallies, QueryUpdateEmitter updates,
                  TallyStreamProperties settings) {
        this.tallies = tallies;
        this.updates = updates;
        this.pollInterval = settings.pollInterval();
        this.maxPollInterval = settings.maxPollInterval();
        this.patience = settings.patience();
    }

    @EventHandler
    void on(BallotEvent event, @SequenceNumber long sequence) {
        changed(event.consultationId(), sequence);
    }

    /** Proposals submitted, amended or withdrawn change the tally's results. */
    @EventHandler
    void on(ProposalEvent event, @SequenceNumber long sequence) {
        changed(event.consultationId(), sequence);
    }

    /** Opening, closing, deciding and cancelling change the tally's phase. */
    @EventHandler
    void on(ConsultationEvent event, @SequenceNumber long sequence) {
        changed(event.consultationId(), sequence);
    }

    /** Notes the consultation's latest change in this batch; the pushes follow once the batch is handled. */
    private void changed(String consultationId, long sequence) {
        batches.current().merge(consultationId, sequence, Math::max);
    }

    private void push(Map<String, Long> changes) {
        Map<String, Long> waiting = new LinkedHashMap<>(changes);
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = pollInterval.toNanos();
        while (true) {
            Map<String, Long> applied = tallies.appliedSequences(waiting.keySet());
            waiting.entrySet().removeIf(change -> {
                boolean included = applied.getOrDefault(change.getKey(), -1L) >= change.getValue();
                if (included) {
                    emit(change.getKey());
                }
                return included;
            });
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("The tallies of {} did not include their latest events within {}; subscribers get the "
                        + "next change", waiting.keySet(), patience);
                return;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, maxPollInterval.toNanos());
        }
    }

    private void emit(String consultationId) {
        tallies.tallyOf(consultationId).ifPresent(tally -> updates.emit(FindTally.class,
                query -> query.consultationId().equals(consultationId), tally));
    }
}
