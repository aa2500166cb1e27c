package org.iom.idm.readmodel;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.iom.idm.readmodel.ProjectionStatus.Rebuild;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The query service's read-model processors (those that can be reset), and rebuilding their read models from
 * the events.
 */
@Component
public class Projections {

    private static final Logger log = LoggerFactory.getLogger(Projections.class);
    /** How often a rebuild looks again whether a stopping processor's workers have ended. */
    private static final Duration STOP_POLL_INTERVAL = Duration.ofMillis(10);

    private final EventProcessingConfiguration processing;
    private final Duration rebuildStopTimeout;
    private final BulkRebuild bulkRebuild;
    private final TransactionTemplate transactions;
    /** This instance's latest bulk rebuild; null before the first. */
    private volatile RebuildRun lastRebuild;

    Projections(EventProcessingConfiguration processing, ProjectionsProperties settings,
                ObjectProvider<BulkRebuild> bulkRebuild, PlatformTransactionManager transactionManager) {
        this.processing = processing;
        this.transactions = new TransactionTemplate(transactionManager);
        this.rebuildStopTimeout = settings.rebuildStopTimeout();
        this.bulkRebuild = bulkRebuild.getIfAvailable();
    }

    public List<ProjectionStatus> status() {
        return processors().entrySet().stream()
                .map(entry -> status(entry.getKey(), entry.getValue(), parked(entry.getKey()),
                        rebuildOf(entry.getKey())))
                .toList();
    }

    /**
     * Rebuilds every read model from the events. Each processor is stopped first; then, with the database's event
     * store, the read models are rebuilt in bulk in the background ({@link BulkRebuild}) while the service answers
     * from the old tables, and the processors start again once the new ones are in place (or, if the rebuild
     * fails, where they were); {@link #status()} shows how far it has got. With Axon Server, each processor's
     * tokens are reset instead (its reset handlers empty its tables) and it replays every event from the start,
     * answering queries from the rebuilt tables as they fill.
     *
     * <p>A processor can only be rebuilt once its workers have ended, and a busy worker first finishes its batch. If
     * one has not within {@code idm.projections.rebuild-stop-timeout}, nothing is rebuilt: the rebuild is refused
     * (503) and every processor runs on where it was; so is a rebuild while another is under way.
     */
    public synchronized List<String> rebuildAll() {
        RebuildRun last = lastRebuild;
        if (last != null && last.running()) {
            throw new RuleViolation(ErrorCode.SERVICE_UNAVAILABLE, "the read models are being rebuilt (event "
                    + last.position + " of " + last.head + "); try again once that is done");
        }
        Map<String, StreamingEventProcessor> processors = processors();
        Instant deadline = Instant.now().plus(rebuildStopTimeout);
        List<String> stillStarting = processors.entrySet().stream()
                .filter(entry -> !awaitSegmentsTakenUp(entry.getKey(), entry.getValue(), deadline))
                .map(Map.Entry::getKey)
                .toList();
        if (!stillStarting.isEmpty()) {
            throw new RuleViolation(ErrorCode.SERVICE_UNAVAILABLE, "the read models " + stillStarting
                    + " did not hold all their segments here within " + rebuildStopTimeout.toMillis()
                    + " ms (another query-service instance may hold some: stop the others first); nothing was"
                    + " rebuilt");
        }
        // Axon's future completes when it stops waiting for a worker (its worker termination time-out), not
        // when the worker ends, so whether the workers have ended is looked at here.
        processors.values().forEach(StreamingEventProcessor::shutdownAsync);
        List<String> stillBusy = processors.entrySet().stream()
                .filter(entry -> !awaitStopped(entry.getValue(), deadline))
                .map(Map.Entry::getKey)
                .toList();
        if (!stillBusy.isEmpty()) {
            processors.values().forEach(this::startOnceStopped);
            throw new RuleViolation(ErrorCode.SERVICE_UNAVAILABLE, "the read models " + stillBusy
                    + " did not finish their work within " + rebuildStopTimeout.toMillis()
                    + " ms; nothing was rebuilt, try again later");
        }
        if (bulkRebuild == null) {
            processors.values().forEach(processor -> {
                processor.resetTokens();
                processor.start();
            });
        } else {
            RebuildRun run = new RebuildRun(processors.keySet());
            lastRebuild = run;
            Thread thread = new Thread(() -> rebuildInBulk(processors, run), "read-model-rebuild");
            thread.setDaemon(true);
            thread.start();
        }
        return List.copyOf(processors.keySet());
    }

    /** The rebuild ends, for {@link #status()} and the next rebuild, once its processors run again. */
    private void rebuildInBulk(Map<String, StreamingEventProcessor> processors, RebuildRun run) {
        Throwable failure = null;
        try {
            bulkRebuild.rebuild(processors, run::handled);
            log.info("Rebuilt the read models {} up to event {}", processors.keySet(), run.position);
        } catch (RuntimeException | Error e) {
            log.error("The rebuild of the read models {} failed after event {}; the old read models stay",
                    processors.keySet(), run.position, e);
            failure = e;
        } finally {
            synchronized (this) {
                try {
                    processors.values().forEach(StreamingEventProcessor::start);
                } finally {
                    run.end(failure);
                }
            }
        }
    }

    /** A bulk rebuild as {@link #status()} shows it, moved on by the rebuild's thread. */
    private static final class RebuildRun {
        private final Set<String> processors;
        private final Instant startedAt = Instant.now();
        private volatile long position = StorePositions.NONE;
        private volatile long head = StorePositions.NONE;
        private volatile Instant endedAt;
        private volatile Throwable failure;

        RebuildRun(Set<String> processors) {
            this.processors = Set.copyOf(processors);
        }

        void handled(long position, long head) {
            this.head = head;
            this.position = position;
        }

        void end(Throwable failure) {
            this.failure = failure;
            this.endedAt = Instant.now();
        }

        boolean running() {
            return endedAt == null;
        }

        Rebuild view() {
            Instant ended = endedAt;
            Throwable failed = failure;
            Rebuild.State state = ended == null ? Rebuild.State.RUNNING
                    : failed == null ? Rebuild.State.DONE : Rebuild.State.FAILED;
            return new Rebuild(state, position, head, startedAt, ended, failed == null ? null : describe(failed));
        }

        /** The failure with its causes, which tell what went wrong; the failure itself only tells where. */
        private static String describe(Throwable failure) {
            StringBuilder text = new StringBuilder(failure.toString());
            for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause();
                 cause = cause.getCause()) {
                text.append("; caused by ").append(cause);
            }
            return text.toString();
        }
    }

    /**
     * Axon 4.13 loses a tracking processor's worker thread for good when the processor is stopped while its work
     * launcher takes up a segment (the launcher frees the segment without giving its thread back), so that it
     * never takes that segment up again. A rebuild therefore stops a running processor only once it holds every
     * segment, as it does on the one instance that may rebuild, twice in a row so that a launcher that has just
     * claimed its last segment has also started working it.
     */
    private boolean awaitSegmentsTakenUp(String name, StreamingEventProcessor processor, Instant deadline) {
        try {
            boolean takenUpBefore = false;
            while (processor.isRunning()) {
                int segments = transactions.execute(status -> processing.tokenStore(name).fetchSegments(name).length);
                boolean takenUp = segments > 0 && processor.processingStatus().size() == segments;
                if (takenUp && takenUpBefore) {
                    return true;
                }
                if (!Instant.now().isBefore(deadline)) {
                    return false;
                }
                takenUpBefore = takenUp;
                Thread.sleep(STOP_POLL_INTERVAL.toMillis());
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitStopped(StreamingEventProcessor processor, Instant deadline) {
        try {
            while (!stopped(processor)) {
                if (!Instant.now().isBefore(deadline)) {
                    return false;
                }
                Thread.sleep(STOP_POLL_INTERVAL.toMillis());
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Axon resets only a processor with no worker left; shutdownAsync has already waited for its work launcher. */
    private static boolean stopped(StreamingEventProcessor processor) {
        return !processor.isRunning() && processor.processingStatus().isEmpty();
    }

    /**
     * A worker past the deadline still finishes its batch; its processor starts again then, unless a later
     * rebuild has started it already.
     */
    private void startOnceStopped(StreamingEventProcessor processor) {
        synchronized (this) {
            if (processor.isRunning()) {
                return;
            }
            if (stopped(processor)) {
                processor.start();
                return;
            }
        }
        CompletableFuture.runAsync(() -> startOnceStopped(processor),
                CompletableFuture.delayedExecutor(STOP_POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
    }

    private Map<String, StreamingEventProcessor> processors() {
        Map<String, StreamingEventProcessor> processors = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming && streaming.supportsReset()) {
                processors.put(name, streaming);
            }
        });
        return processors;
    }

    private Rebuild rebuildOf(String processingGroup) {
        RebuildRun run = lastRebuild;
        return run != null && run.processors.contains(processingGroup) ? run.view() : null;
    }

    private long parked(String processingGroup) {
        return processing.deadLetterQueue(processingGroup).map(queue -> queue.size()).orElse(0L);
    }

    private static ProjectionStatus status(String name, StreamingEventProcessor processor, long parked,
                                           Rebuild rebuild) {
        List<ProjectionStatus.Segment> segments = new TreeMap<>(processor.processingStatus()).values().stream()
                .map(Projections::segment)
                .toList();
        boolean error = processor.isError() || segments.stream().anyMatch(segment -> segment.error() != null);
        boolean caughtUp = !segments.isEmpty() && segments.stream().allMatch(ProjectionStatus.Segment::caughtUp);
        return new ProjectionStatus(name, processor.isRunning(), error, processor.isReplaying(), caughtUp, parked,
                segments, rebuild);
    }

    private static ProjectionStatus.Segment segment(EventTrackerStatus status) {
        Long position = status.getCurrentPosition().isPresent() ? status.getCurrentPosition().getAsLong() : null;
        String error = status.isErrorState() && status.getError() != null ? status.getError().toString() : null;
        // Axon keeps a segment's replay token until an event past the reset point arrives; once it has
        // caught up with the store, the segment has nothing left to replay.
        boolean replaying = status.isReplaying() && !status.isCaughtUp();
        return new ProjectionStatus.Segment(status.getSegment().getSegmentId(), position, status.isCaughtUp(),
                replaying, error);
    }
}
