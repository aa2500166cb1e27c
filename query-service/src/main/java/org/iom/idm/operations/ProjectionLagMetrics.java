package org.iom.idm.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.idm.readmodel.StorePositions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Per streaming processor: {@code idm.projection.lag.events}, how many positions of the event store its slowest
 * segment still has ahead of it, and {@code idm.projection.lag.seconds}, how long ago the oldest event it has yet
 * to handle was stored (both 0 once caught up).
 */
@Component
public class ProjectionLagMetrics {

    static final String LAG_EVENTS = "idm.projection.lag.events";
    static final String LAG_SECONDS = "idm.projection.lag.seconds";
    private static final double MILLIS_PER_SECOND = 1000.0;

    /** How long a scrape waits for the store to hand over the oldest unhandled event. */
    private static final Duration NEXT_EVENT_WAIT = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionLagMetrics.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();

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
                Gauge.builder(LAG_SECONDS, streaming, this::lagSeconds)
                        .description("Age of the oldest event in the store that the processing group has yet to handle")
                        .tag("processing_group", name)
                        .baseUnit("seconds")
                        .register(registry);
            }
        });
    }

    private double lag(StreamingEventProcessor processor) {
        try {
            return slowestSegment(processor).map(segment -> (double) Math.max(0L, StorePositions.head(eventStore) - StorePositions.of(segment)))
                    .orElse(Double.NaN);
        } catch (RuntimeException e) {
            LOG.debug("could not measure the lag of {}", processor.getName(), e);
            return Double.NaN;
        }
    }

    private double lagSeconds(StreamingEventProcessor processor) {
        try {
            Optional<EventTrackerStatus> slowest = slowestSegment(processor);
            if (slowest.isEmpty()) {
                return Double.NaN;
            }
            if (StorePositions.of(slowest.get()) >= StorePositions.head(eventStore)) {
                return 0;
            }
            TrackingToken after = WrappedToken.unwrapLowerBound(slowest.get().getTrackingToken());
            try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(after)) {
                if (!events.hasNextAvailable(Math.toIntExact(NEXT_EVENT_WAIT.toMillis()), TimeUnit.MILLISECONDS)) {
                    return 0;
                }
                Instant stored = events.nextAvailable().getTimestamp();
                return Math.max(0L, Duration.between(stored, clock.instant()).toMillis()) / MILLIS_PER_SECOND;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (RuntimeException e) {
            LOG.debug("could not measure the lag of {} in seconds", processor.getName(), e);
            return Double.NaN;
        }
    }

    /** The segment furthest behind, if this instance processes any. */
    private static Optional<EventTrackerStatus> slowestSegment(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .min(Comparator.comparingLong(StorePositions::of));
    }
}
