package org.iom.idm.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code idm.projection.lag.events}, per streaming processor: how many positions of the event store its slowest
 * segment still has ahead of it (0 once caught up).
 */
@Component
public class ProjectionLagMetrics {

    static final String LAG_EVENTS = "idm.projection.lag.events";

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionLagMetrics.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MeterRegistry registry;

    ProjectionLagMetrics(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry registry) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder(LAG_EVENTS, streaming, this::lag)
                        .description("Events in the store that the processing group has yet to handle")
                        .tag("processing_group", name)
                        .register(registry);
            }
        });
    }

    private double lag(StreamingEventProcessor processor) {
        try {
            Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
            if (segments.isEmpty()) {
                return Double.NaN;
            }
            long lowest = Long.MAX_VALUE;
            for (EventTrackerStatus segment : segments.values()) {
                OptionalLong position = segment.getCurrentPosition();
                lowest = Math.min(lowest, position.isPresent() ? position.getAsLong() : -1L);
            }
            long head = head();
            return Math.max(0L, head - lowest);
        } catch (RuntimeException e) {
            LOG.debug("could not measure the lag of {}", processor.getName(), e);
            return Double.NaN;
        }
    }

    private long head() {
        TrackingToken token = eventStore.createHeadToken();
        if (token == null) {
            return -1L;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : -1L;
    }
}
