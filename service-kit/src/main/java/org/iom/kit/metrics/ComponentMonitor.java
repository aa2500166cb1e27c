package org.iom.kit.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.micrometer.reservoir.SlidingTimeWindowReservoir;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One monitored component's meters, named, tagged and fed as Axon's dimensional monitors do (MessageTimerMonitor,
 * MessageCountingMonitor, CapacityMonitor, EventProcessorLatencyMonitor), built on the first message of each payload
 * type and kept: a later message costs a look-up of its payload class, not of its meters in the registry.
 */
final class ComponentMonitor implements MessageMonitor<Message<?>> {

    /** Axon's timers keep their maximum, and its capacity gauge its durations, for this long. */
    private static final Duration WINDOW = Duration.ofMinutes(10);

    private enum Kind { HANDLERS, EVENT_BUS, EVENT_PROCESSOR }

    private final MeterRegistry registry;
    private final Clock clock;
    private final String prefix;
    private final Tags componentTags;
    private final Kind kind;
    private final ConcurrentMap<Class<?>, PayloadTypeMeters> byPayloadType = new ConcurrentHashMap<>();
    /** The tag is the class's simple name: classes that share one share their meters, as in Axon's registry. */
    private final ConcurrentMap<String, PayloadTypeMeters> byTag = new ConcurrentHashMap<>();
    private final AtomicLong latency = new AtomicLong();
    private volatile boolean latencyRegistered;

    private ComponentMonitor(MeterRegistry registry, String prefix, Tags componentTags, Kind kind) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.prefix = prefix;
        this.componentTags = componentTags;
        this.kind = kind;
    }

    /** A command bus, a query bus or a query update emitter. */
    static ComponentMonitor handlers(MeterRegistry registry, String componentName) {
        return new ComponentMonitor(registry, componentName, Tags.empty(), Kind.HANDLERS);
    }

    static ComponentMonitor eventBus(MeterRegistry registry, String componentName) {
        return new ComponentMonitor(registry, componentName, Tags.empty(), Kind.EVENT_BUS);
    }

    static ComponentMonitor eventProcessor(MeterRegistry registry, String processorName) {
        return new ComponentMonitor(registry, "eventProcessor", Tags.of(TagsUtil.PROCESSOR_NAME_TAG, processorName),
                Kind.EVENT_PROCESSOR);
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        if (kind == Kind.EVENT_PROCESSOR) {
            recordLatency((EventMessage<?>) message);
        }
        PayloadTypeMeters meters = byPayloadType.get(message.getPayloadType());
        if (meters == null) {
            meters = byPayloadType.computeIfAbsent(message.getPayloadType(),
                    type -> byTag.computeIfAbsent(type.getSimpleName(), PayloadTypeMeters::new));
        }
        return meters.ingested();
    }

    /** How long ago, in milliseconds, the event that the processor took last was published. */
    private void recordLatency(EventMessage<?> event) {
        latency.set(clock.wallTime() - event.getTimestamp().toEpochMilli());
        if (!latencyRegistered) {
            Gauge.builder(prefix + ".latency", latency::get).tags(componentTags).register(registry);
            latencyRegistered = true;
        }
    }

    private final class PayloadTypeMeters {

        private final Timer all;
        private final Timer succeeded;
        private final Timer failed;
        private final Timer ignored;
        private final Counter ingestedCount;
        private final Counter processedCount;
        private final Counter succeededCount;
        private final Counter failedCount;
        private final Counter ignoredCount;
        /** The durations whose share of the window is the capacity gauge; none on an event bus. */
        private final SlidingTimeWindowReservoir durations;

        PayloadTypeMeters(String payloadType) {
            Tags tags = componentTags.and(TagsUtil.PAYLOAD_TYPE_TAG, payloadType);
            all = timer("allTimer", tags);
            succeeded = timer("successTimer", tags);
            failed = timer("failureTimer", tags);
            ignored = timer("ignoredTimer", tags);
            // Axon counts an event bus's messages without tags and measures no capacity there.
            Tags counterTags = kind == Kind.EVENT_BUS ? Tags.empty() : tags;
            ingestedCount = registry.counter(prefix + ".ingestedCounter", counterTags);
            processedCount = registry.counter(prefix + ".processedCounter", counterTags);
            succeededCount = registry.counter(prefix + ".successCounter", counterTags);
            failedCount = registry.counter(prefix + ".failureCounter", counterTags);
            ignoredCount = registry.counter(prefix + ".ignoredCounter", counterTags);
            durations = kind == Kind.EVENT_BUS ? null : capacity(tags);
        }

        private Timer timer(String name, Tags tags) {
            return Timer.builder(prefix + "." + name).distributionStatisticExpiry(WINDOW).tags(tags).register(registry);
        }

        private SlidingTimeWindowReservoir capacity(Tags tags) {
            SlidingTimeWindowReservoir reservoir =
                    new SlidingTimeWindowReservoir(WINDOW.toMinutes(), TimeUnit.MINUTES, clock);
            Gauge.builder(prefix + ".capacity", reservoir,
                            r -> r.getMeasurements().stream().mapToLong(Long::longValue).sum()
                                    / (double) WINDOW.toNanos())
                    .tags(tags).register(registry);
            return reservoir;
        }

        MonitorCallback ingested() {
            ingestedCount.increment();
            return new Handling(clock.monotonicTime());
        }

        private final class Handling implements MonitorCallback {

            private final long start;

            Handling(long start) {
                this.start = start;
            }

            @Override
            public void reportSuccess() {
                finish(succeeded, succeededCount, true);
            }

            @Override
            public void reportFailure(Throwable cause) {
                finish(failed, failedCount, true);
            }

            /** Axon counts an ignored message as ignored only, not as processed. */
            @Override
            public void reportIgnored() {
                finish(ignored, ignoredCount, false);
            }

            private void finish(Timer outcome, Counter outcomeCount, boolean processed) {
                long nanos = clock.monotonicTime() - start;
                all.record(nanos, TimeUnit.NANOSECONDS);
                outcome.record(nanos, TimeUnit.NANOSECONDS);
                if (processed) {
                    processedCount.increment();
                }
                outcomeCount.increment();
                if (durations != null) {
                    durations.update(nanos);
                }
            }
        }
    }
}
