package org.iom.idm.ballot;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.proposal.ProposalEvent;
import org.iom.idm.readmodel.BatchState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Pushes each change of a tally to this instance's tally-stream subscribers. Every query-service instance
 * runs its own, over every event, while the tally itself is kept by whichever instance holds the ballots
 * processor's segment; so it first waits until the shared tally includes the change, then pushes it.
 * Its position lives in memory: it starts at the head of the store and follows the present only.
 *
 * <p>Events come in batches: per batch, each watched consultation's tally is pushed once, when it includes the
 * consultation's last event of the batch, so a burst of ballots costs one push per consultation. A consultation
 * nobody follows through this instance costs no tally: the notifier only waits for its commit, so that a stream
 * opened meanwhile is pushed the change or reads it in its first tally.
 *
 * <p>Where this instance's {@link TallyProjection} keeps the tally, its commit wakes the notifier
 * ({@link TallyCommits}). Where another instance does, no commit is heard here: the notifier then looks at the
 * shared tally's applied sequences every {@code fallbackInterval}, so that several instances stay correct.
 */
@Component
@ProcessingGroup(TallyNotifier.PROCESSING_GROUP)
@DisallowReplay
class TallyNotifier {

    static final String PROCESSING_GROUP = "tally-notifications";
    private static final Logger LOG = LoggerFactory.getLogger(TallyNotifier.class);

    private final TallyProjection tallies;
    private final TallyCommits commits;
    private final QueryUpdateEmitter updates;
    private final Duration fallbackInterval;
    private final Duration patience;
    /** Each consultation's latest change in the batch. */
    private final BatchState<Map<String, Long>> batches = BatchState.<Map<String, Long>>of(
            TallyNotifier.class.getName() + ".changes", LinkedHashMap::new).afterCommit(this::push);

    TallyNotifier(TallyProjection tallies, TallyCommits commits, QueryUpdateEmitter updates,
                  TallyStreamProperties settings) {
        this.tallies = tallies;
        this.commits = commits;
        this.updates = updates;
        this.fallbackInterval = settings.fallbackInterval();
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
        long nextLook = System.nanoTime() + fallbackInterval.toNanos();
        try {
            while (!waiting.isEmpty()) {
                Set<String> included = commits.awaitIncluded(waiting, Math.min(nextLook, deadline));
                if (included.isEmpty()) {
                    // No commit heard here in time: another instance may keep these tallies.
                    included = TallyCommits.included(waiting, tallies.appliedSequences(waiting.keySet()));
                    nextLook = System.nanoTime() + fallbackInterval.toNanos();
                }
                // Who watches is looked at once the tally includes the change: a stream opened before this look
                // gets the push, one opened after it reads a first tally that already includes the change.
                Set<String> watched = watched();
                included.forEach(consultationId -> {
                    waiting.remove(consultationId);
                    if (watched.contains(consultationId)) {
                        emit(consultationId);
                    }
                });
                if (!waiting.isEmpty() && System.nanoTime() >= deadline) {
                    LOG.warn("The tallies of {} did not include their latest events within {}; subscribers get the "
                            + "next change", waiting.keySet(), patience);
                    return;
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The consultations whose tally someone follows through this instance: those of the subscription queries
     * registered here, which are all that {@link #emit} reaches (a tally stream's, or one routed here by Axon
     * Server). One pass over them per batch, as each emit makes one.
     */
    private Set<String> watched() {
        Set<String> watched = new HashSet<>();
        for (SubscriptionQueryMessage<?, ?, ?> subscription : updates.activeSubscriptions()) {
            if (subscription.getPayload() instanceof FindTally query) {
                watched.add(query.consultationId());
            }
        }
        return watched;
    }

    private void emit(String consultationId) {
        tallies.tallyOf(consultationId).ifPresent(tally -> updates.emit(FindTally.class,
                query -> query.consultationId().equals(consultationId), tally));
    }
}
