package org.iom.kit.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.NoOpCallback;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MessageMonitor.MonitorCallback;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kit's monitors show what Axon's dimensional ones show, for the same messages through the same components,
 * and touch the meter registry only for the first message of a payload type.
 */
class CachedMetricRegistryTest {

    record Ballot(String state) {
    }

    record Refused(String state) {
    }

    record Tally(String consultation) {
    }

    /** Counts ballots; a refused one fails; a tally it has no handler for, so the processor ignores it. */
    static class ReadModel {

        @EventHandler
        void on(Ballot ballot) {
        }

        @EventHandler
        void on(Refused refused) {
            throw new IllegalStateException("refused");
        }
    }

    /** A command bus, a query bus, a query update emitter and an event bus feeding a processor, as Axon monitors them. */
    record Components(SimpleCommandBus commands, SimpleQueryBus queries, SimpleQueryUpdateEmitter updates,
                      SimpleEventBus events) {

        static Components monitoredBy(GlobalMetricRegistry metrics) {
            SimpleCommandBus commands = SimpleCommandBus.builder()
                    .messageMonitor(monitor(metrics, CommandBus.class, "commandBus")).build();
            commands.subscribe(Ballot.class.getName(), command -> "accepted");
            commands.subscribe(Refused.class.getName(), command -> {
                throw new IllegalStateException("suspended");
            });
            SimpleQueryUpdateEmitter updates = SimpleQueryUpdateEmitter.builder()
                    .updateMessageMonitor(monitor(metrics, QueryUpdateEmitter.class, "queryUpdateEmitter")).build();
            SimpleQueryBus queries = SimpleQueryBus.builder()
                    .messageMonitor(monitor(metrics, QueryBus.class, "queryBus")).queryUpdateEmitter(updates).build();
            queries.subscribe(Tally.class.getName(), String.class, query -> "2 of 3");
            SimpleEventBus events = SimpleEventBus.builder()
                    .messageMonitor(monitor(metrics, EventBus.class, "eventBus")).build();
            SubscribingEventProcessor.builder()
                    .name("read-models")
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new ReadModel())
                            .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build())
                    .messageSource(events)
                    .messageMonitor(monitor(metrics, SubscribingEventProcessor.class, "read-models"))
                    .build()
                    .start();
            updates.registerUpdateHandler(new GenericSubscriptionQueryMessage<>(new Tally("c1"),
                    ResponseTypes.instanceOf(String.class), ResponseTypes.instanceOf(String.class)), 16);
            return new Components(commands, queries, updates, events);
        }

        /** Each outcome on each component: handled, failed and, on the processor, ignored. */
        void handleOneOfEach() {
            commands.dispatch(GenericCommandMessage.asCommandMessage(new Ballot("phl")), NoOpCallback.INSTANCE);
            commands.dispatch(GenericCommandMessage.asCommandMessage(new Refused("phl")), NoOpCallback.INSTANCE);
            queries.query(new GenericQueryMessage<>(new Tally("c1"), ResponseTypes.instanceOf(String.class))).join();
            updates.emit(Tally.class, tally -> true, "3 of 3");
            events.publish(GenericEventMessage.asEventMessage(new Ballot("phl")));
            events.publish(GenericEventMessage.asEventMessage(new Tally("c1")));
            assertThatThrownBy(() -> events.publish(GenericEventMessage.asEventMessage(new Refused("phl"))))
                    .hasMessage("refused");
        }
    }

    /** A meter as the scrape shows it: its name, its tags and its type. */
    record MeterKey(String name, List<Tag> tags, Meter.Type type) {

        static MeterKey of(Meter meter) {
            return new MeterKey(meter.getId().getName(), meter.getId().getTags(), meter.getId().getType());
        }
    }

    /** The time the kit's monitors read, in the registry of the tests that drive a monitor by hand. */
    private final MockClock clock = new MockClock();
    private final MeterRegistry registry = asInTheServices(new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock));

    @Test
    void theSameMessagesGiveTheMetersAxonsDimensionalMonitorsGive() {
        MeterRegistry axons = asInTheServices(new SimpleMeterRegistry());
        MeterRegistry kits = asInTheServices(new SimpleMeterRegistry());
        Components.monitoredBy(new GlobalMetricRegistry(axons)).handleOneOfEach();
        Components.monitoredBy(new CachedMetricRegistry(kits)).handleOneOfEach();

        assertThat(keys(kits)).isEqualTo(keys(axons));
        assertThat(counts(kits)).isEqualTo(counts(axons));
        // The messages reached every component with every outcome.
        assertThat(counts(axons)).containsEntry(counter("commandBus.failureCounter", "payloadType", "Refused"), 1.0)
                .containsEntry(counter("queryBus.successCounter", "payloadType", "Tally"), 1.0)
                .containsEntry(counter("queryUpdateEmitter.successCounter", "payloadType", "String"), 1.0)
                .containsEntry(counter("eventBus.ingestedCounter"), 3.0)
                .containsEntry(counter("eventProcessor.ignoredCounter", "payloadType", "Tally",
                        "processorName", "read-models"), 1.0)
                .containsEntry(counter("eventProcessor.failureCounter", "payloadType", "Refused",
                        "processorName", "read-models"), 1.0);
        assertThat(keys(axons)).contains(
                new MeterKey("eventProcessor.latency", List.of(Tag.of("processorName", "read-models")),
                        Meter.Type.GAUGE),
                new MeterKey("commandBus.capacity", List.of(Tag.of("payloadType", "Ballot")), Meter.Type.GAUGE));
    }

    @Test
    void eachMessageIsTimedAndCountedByItsOutcomeAndFillsTheCapacity() {
        MessageMonitor<Message<?>> commandBus = monitor(new CachedMetricRegistry(registry), CommandBus.class,
                "commandBus");

        MonitorCallback accepted = commandBus.onMessageIngested(GenericCommandMessage.asCommandMessage(new Ballot("a")));
        clock.add(Duration.ofMillis(30));
        accepted.reportSuccess();
        MonitorCallback refused = commandBus.onMessageIngested(GenericCommandMessage.asCommandMessage(new Ballot("b")));
        clock.add(Duration.ofMillis(10));
        refused.reportFailure(new IllegalStateException("suspended"));
        MonitorCallback ignored = commandBus.onMessageIngested(GenericCommandMessage.asCommandMessage(new Ballot("c")));
        clock.add(Duration.ofMillis(5));
        ignored.reportIgnored();

        assertThat(millis(registry.get("commandBus.allTimer").timer())).isEqualTo(List.of(3L, 45L));
        assertThat(millis(registry.get("commandBus.successTimer").timer())).isEqualTo(List.of(1L, 30L));
        assertThat(millis(registry.get("commandBus.failureTimer").timer())).isEqualTo(List.of(1L, 10L));
        assertThat(millis(registry.get("commandBus.ignoredTimer").timer())).isEqualTo(List.of(1L, 5L));
        assertThat(Map.of(
                "ingested", count(registry, "commandBus.ingestedCounter"),
                "processed", count(registry, "commandBus.processedCounter"),
                "success", count(registry, "commandBus.successCounter"),
                "failure", count(registry, "commandBus.failureCounter"),
                "ignored", count(registry, "commandBus.ignoredCounter")))
                .isEqualTo(Map.of("ingested", 3.0, "processed", 2.0, "success", 1.0, "failure", 1.0, "ignored", 1.0));
        // The share of the last ten minutes spent handling: 45 ms of 600 s.
        assertThat(registry.get("commandBus.capacity").tag("payloadType", "Ballot").gauge().value())
                .isEqualTo(45.0 / 600_000);
    }

    /** Another class named Ballot: the payload type tag is a class's simple name. */
    static class Elsewhere {

        record Ballot(String state) {
        }
    }

    @Test
    void payloadTypesOfOneSimpleNameShareTheirMetersAsInAxonsRegistry() {
        MessageMonitor<Message<?>> commandBus = monitor(new CachedMetricRegistry(registry), CommandBus.class,
                "commandBus");

        MonitorCallback ours = commandBus.onMessageIngested(GenericCommandMessage.asCommandMessage(new Ballot("a")));
        MonitorCallback theirs = commandBus.onMessageIngested(
                GenericCommandMessage.asCommandMessage(new Elsewhere.Ballot("a")));
        clock.add(Duration.ofMillis(6));
        ours.reportSuccess();
        theirs.reportSuccess();

        assertThat(count(registry, "commandBus.successCounter")).isEqualTo(2.0);
        assertThat(registry.get("commandBus.capacity").gauge().value()).isEqualTo(12.0 / 600_000);
    }

    @Test
    void anEventProcessorsLatencyIsTheAgeOfTheEventItTookLast() {
        MessageMonitor<Message<?>> processor = monitor(new CachedMetricRegistry(registry),
                SubscribingEventProcessor.class, "read-models");

        Instant published = Instant.ofEpochMilli(clock.wallTime());
        clock.add(Duration.ofMillis(250));
        processor.onMessageIngested(new GenericEventMessage<>(IdentifierFactory.getInstance().generateIdentifier(),
                new Ballot("phl"), MetaData.emptyInstance(), published)).reportSuccess();

        assertThat(registry.get("eventProcessor.latency").tag("processorName", "read-models").gauge().value())
                .isEqualTo(250.0);
    }

    @Test
    void aMessageAfterTheFirstOfItsPayloadTypeLooksUpNoMeter() {
        MeterRegistry axons = asInTheServices(new SimpleMeterRegistry());
        MeterRegistry kits = asInTheServices(new SimpleMeterRegistry());
        Components axonsComponents = Components.monitoredBy(new GlobalMetricRegistry(axons));
        Components kitsComponents = Components.monitoredBy(new CachedMetricRegistry(kits));
        axonsComponents.handleOneOfEach();
        kitsComponents.handleOneOfEach();
        // Emptied, a registry registers anew whatever is looked up in it.
        AtomicInteger axonsLookUps = lookUpsAfterClearing(axons);
        AtomicInteger kitsLookUps = lookUpsAfterClearing(kits);

        axonsComponents.handleOneOfEach();
        kitsComponents.handleOneOfEach();

        assertThat(axonsLookUps).as("Axon's monitors look their meters up for each message").hasPositiveValue();
        assertThat(kitsLookUps).hasValue(0);
    }

    /** With the kit's filter, which leaves Axon's timers no percentiles to publish as meters of their own. */
    private static MeterRegistry asInTheServices(MeterRegistry registry) {
        registry.config().meterFilter(new MetricsConfiguration().noClientSidePercentiles());
        return registry;
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message<?>> MessageMonitor<M> monitor(GlobalMetricRegistry metrics, Class<?> type,
                                                                   String name) {
        return (MessageMonitor<M>) metrics.registerComponentWithDefaultTags(type, name);
    }

    private static AtomicInteger lookUpsAfterClearing(MeterRegistry registry) {
        registry.clear();
        AtomicInteger added = new AtomicInteger();
        registry.config().onMeterAdded(meter -> added.incrementAndGet());
        return added;
    }

    private static Set<MeterKey> keys(MeterRegistry registry) {
        return registry.getMeters().stream().map(MeterKey::of).collect(Collectors.toSet());
    }

    /** Each counter's count and each timer's number of messages. */
    private static Map<MeterKey, Double> counts(MeterRegistry registry) {
        return registry.getMeters().stream()
                .filter(meter -> meter instanceof Counter || meter instanceof Timer)
                .collect(Collectors.toMap(MeterKey::of, meter -> meter instanceof Counter counter
                        ? counter.count() : (double) ((Timer) meter).count()));
    }

    private static MeterKey counter(String name, String... tags) {
        return new MeterKey(name, Tags.of(tags).stream().toList(), Meter.Type.COUNTER);
    }

    private static double count(MeterRegistry registry, String name) {
        return registry.get(name).counter().count();
    }

    private static List<Long> millis(Timer timer) {
        return List.of(timer.count(), (long) timer.totalTime(TimeUnit.MILLISECONDS));
    }
}
