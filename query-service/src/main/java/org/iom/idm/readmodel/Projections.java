package org.iom.idm.readmodel;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The query service's read-model processors (those that can be reset), and rebuilding their read models from
 * the events.
 */
@Component
public class Projections {

    /** How often a rebuild looks again whether a stopping processor's workers have ended. */
    private static final Duration STOP_POLL_INTERVAL = Duration.ofMillis(10);

    private final EventProcessingConfiguration processing;
    private final Duration rebuildStopTimeout;

    Projections(EventProcessingConfiguration processing, ProjectionsProperties settings) {
        this.processing = processing;
        this.rebuildStopTimeout = settings.rebuildStopTimeout();
    }

    public List<ProjectionStatus> status() {
        return processors().entrySet().stream()
                .map(entry -> status(entry.getKey(), entry.getValue(), parked(entry.getKey())))
                .toList();
    }

    /**
     * Stops each processor, resets its tokens (its reset handlers empty its tables) and starts it again, so it
     * replays every event from the start. The processors answer queries from the rebuilt tables as they fill.
     *
     * <p>A processor can only be reset once its workers have ended, and a busy worker first finishes its batch. If
     * one has not within {@code idm.projections.rebuild-stop-timeout}, nothing is reset: the rebuild is refused
     * (503) and every processor runs on where it was.
     */
    public synchronized List<String> rebuildAll() {
        Map<String, StreamingEventProcessor> processors = processors();
        Instant deadline = Instant.now().plus(rebuildStopTimeout);
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
        processors.values().forEach(processor -> {
            processor.resetTokens();
            processor.start();
        });
        return List.copyOf(processors.keySet());
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

    private long parked(String processingGroup) {
        return processing.deadLetterQueue(processingGroup).map(queue -> queue.size()).orElse(0L);
    }

    private static ProjectionStatus status(String name, StreamingEventProcessor processor, long parked) {
        List<ProjectionStatus.Segment> segments = new TreeMap<>(processor.processingStatus()).values().stream()
                .map(Projections::segment)
                .toList();
        boolean error = processor.isError() || segments.stream().anyMatch(segment -> segment.error() != null);
        boolean caughtUp = !segments.isEmpty() && segments.stream().allMatch(ProjectionStatus.Segment::caughtUp);
        return new ProjectionStatus(name, processor.isRunning(), error, processor.isReplaying(), caughtUp, parked,
                segments);
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
