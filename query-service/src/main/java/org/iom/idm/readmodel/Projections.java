package org.iom.idm.readmodel;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The query service's read-model processors (those that can be reset), and rebuilding their read models from
 * the events.
 */
@Component
public class Projections {

    private final EventProcessingConfiguration processing;

    Projections(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public List<ProjectionStatus> status() {
        return processors().entrySet().stream()
                .map(entry -> status(entry.getKey(), entry.getValue(), parked(entry.getKey())))
                .toList();
    }

    /**
     * Stops each processor, resets its tokens (its reset handlers empty its tables) and starts it again, so it
     * replays every event from the start. The processors answer queries from the rebuilt tables as they fill.
     */
    public List<String> rebuildAll() {
        Map<String, StreamingEventProcessor> processors = processors();
        processors.values().forEach(processor -> {
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        });
        return List.copyOf(processors.keySet());
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
