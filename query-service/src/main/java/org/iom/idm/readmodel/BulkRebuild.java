package org.iom.idm.readmodel;

import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

/**
 * Rebuilds the read models of stopped processors from the database's event store in one transaction, so that
 * readers see the old tables until it commits (the reset handlers delete, they never truncate). In it: each
 * processor's segments are claimed, its reset handlers run and its parked events are dropped; the store is read in
 * pages with plain JDBC, each event deserialised once (a page ahead, on a thread of its own) and handed to every
 * processor's handlers directly, one batch (unit of work) per page, so that the projections' batch writes work as
 * they do in a processor; then every segment's token is set where the last event read left it. Axon's monitors,
 * dead-letter queues, interceptors and token writes per batch are bypassed. A failure rolls it all back.
 *
 * <p>Only with the database's event store: with Axon Server there is no {@code domain_event_entry} to read, and
 * {@link Projections} resets the processors instead.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
class BulkRebuild {

    /** As the JPA storage engine numbers and tracks the store: its first index and how far back it keeps gaps. */
    private static final long LOWEST_GLOBAL_INDEX = 1;
    private static final int MAX_GAP_OFFSET = 10000;
    private static final String PAGE = """
            select global_index, event_identifier, aggregate_identifier, sequence_number, type, payload_type,
                payload_revision, payload, meta_data, time_stamp
            from domain_event_entry where global_index > ? and global_index <= ? order by global_index limit ?""";

    /** Told after each page has been handled, within the transaction: where the rebuild stands. */
    interface PageListener {
        void handled(long position, long head);
    }

    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final Serializer eventSerializer;
    private final EventUpcaster upcasters;
    private final EventProcessingConfiguration processing;
    private final int pageSize;
    /** For tests: holds the transaction open at a page's end. */
    volatile PageListener afterEachPage = (position, head) -> {
    };

    BulkRebuild(DataSource dataSource, PlatformTransactionManager transactionManager,
                @Qualifier("eventSerializer") Serializer eventSerializer, Configuration configuration,
                EventProcessingConfiguration processing, ProjectionsProperties settings) {
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
        this.eventSerializer = eventSerializer;
        this.upcasters = configuration.upcasterChain();
        this.processing = processing;
        this.pageSize = settings.rebuildPageSize();
    }

    /** One processor to rebuild: its name, its handlers and where it keeps its tokens. */
    private record Target(String name, EventHandlerInvoker invoker, List<EventMessageHandler> handlers,
                          TokenStore tokens) {
    }

    /**
     * Rebuilds the read models of {@code processors}, which must be stopped, from every event up to the store's
     * newest, telling {@code progress} how far it has got; returns the position of the last event read.
     */
    long rebuild(Map<String, StreamingEventProcessor> processors, PageListener progress) {
        List<Target> targets = processors.entrySet().stream()
                .map(entry -> target(entry.getKey(), entry.getValue()))
                .toList();
        ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "read-model-rebuild-reader");
            thread.setDaemon(true);
            return thread;
        });
        try (Connection store = dataSource.getConnection()) {
            Long last = transactions.execute(status -> rebuild(targets, new Pages(store, reader), progress));
            return last == null ? StorePositions.NONE : last;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event store", e);
        } finally {
            reader.shutdownNow();
        }
    }

    private long rebuild(List<Target> targets, Pages pages, PageListener progress) {
        targets.forEach(this::claimAndReset);
        long head = pages.head();
        progress.handled(StorePositions.NONE, head);
        TrackingToken tokenAtReset = GapAwareTrackingToken.newInstance(head, List.of());
        GapAwareTrackingToken token = null;
        CompletableFuture<List<TrackedEventMessage<?>>> next = pages.read(StorePositions.NONE, head, null,
                tokenAtReset);
        while (true) {
            List<TrackedEventMessage<?>> page = join(next);
            if (page.isEmpty()) {
                break;
            }
            TrackedEventMessage<?> lastOfPage = page.get(page.size() - 1);
            token = WrappedToken.unwrap(lastOfPage.trackingToken(), GapAwareTrackingToken.class).orElseThrow();
            next = pages.read(token.getIndex(), head, token, tokenAtReset);
            handle(page, targets);
            progress.handled(token.getIndex(), head);
            afterEachPage.handled(token.getIndex(), head);
        }
        TrackingToken end = token;
        targets.forEach(target -> {
            for (int segment : target.tokens().fetchSegments(target.name())) {
                target.tokens().storeToken(end, target.name(), segment);
                target.tokens().releaseClaim(target.name(), segment);
            }
        });
        return token == null ? StorePositions.NONE : token.getIndex();
    }

    /**
     * Claims every segment first, so that no other instance takes one up meanwhile, then empties the read model
     * and drops what it had parked: each of those events is rebuilt like any other.
     */
    private void claimAndReset(Target target) {
        int[] segments = target.tokens().fetchSegments(target.name());
        if (segments.length == 0) {
            throw new IllegalStateException("the processor " + target.name() + " has no segments yet");
        }
        for (int segment : segments) {
            target.tokens().fetchToken(target.name(), segment);
        }
        target.invoker().performReset();
        processing.deadLetterQueue(target.name()).ifPresent(SequencedDeadLetterQueue::clear);
    }

    /** One batch, as a processor handles one: the projections' batch state is written as it commits. */
    private static void handle(List<TrackedEventMessage<?>> page, List<Target> targets) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.<EventMessage<?>>copyOf(page));
        ResultMessage<?> result = batch.executeWithResult(() -> {
            EventMessage<?> event = batch.getMessage();
            for (Target target : targets) {
                for (EventMessageHandler handler : target.handlers()) {
                    handler.handle(event);
                }
            }
            return null;
        });
        if (result.isExceptional()) {
            throw new IllegalStateException("the events up to position " + page.get(page.size() - 1)
                    .trackingToken().position().orElse(StorePositions.NONE) + " could not be handled",
                    result.exceptionResult());
        }
    }

    private Target target(String name, StreamingEventProcessor processor) {
        if (!(processor instanceof AbstractEventProcessor eventProcessor)) {
            throw new IllegalStateException("the processor " + name + " does not show its handlers");
        }
        List<EventMessageHandler> handlers = new ArrayList<>();
        collectHandlers(name, eventProcessor.eventHandlerInvoker(), handlers);
        return new Target(name, eventProcessor.eventHandlerInvoker(), List.copyOf(handlers),
                processing.tokenStore(name));
    }

    private static void collectHandlers(String name, EventHandlerInvoker invoker, List<EventMessageHandler> handlers) {
        if (invoker instanceof MultiEventHandlerInvoker multi) {
            multi.delegates().forEach(delegate -> collectHandlers(name, delegate, handlers));
        } else if (invoker instanceof SimpleEventHandlerInvoker simple) {
            handlers.addAll(simple.eventHandlers());
        } else {
            throw new IllegalStateException("the processor " + name + " does not show its handlers");
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * The store's events in pages, read on {@code reader} over a connection of their own, outside the rebuild's
     * transaction: the events up to the head never change.
     */
    private final class Pages {
        private final Connection store;
        private final ExecutorService reader;

        Pages(Connection store, ExecutorService reader) {
            this.store = store;
            this.reader = reader;
        }

        long head() {
            try (PreparedStatement query = store.prepareStatement(
                    "select coalesce(max(global_index), ?) from domain_event_entry")) {
                query.setLong(1, StorePositions.NONE);
                try (ResultSet result = query.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the event store's head", e);
            }
        }

        /**
         * The page after {@code after}, deserialised, each event with the token the storage engine would give it
         * (following {@code previous}), marked as a replay up to {@code tokenAtReset} as in a processor's replay.
         */
        CompletableFuture<List<TrackedEventMessage<?>>> read(long after, long head, GapAwareTrackingToken previous,
                                                             TrackingToken tokenAtReset) {
            return CompletableFuture.supplyAsync(() -> {
                List<TrackedDomainEventData<byte[]>> entries = new ArrayList<>(pageSize);
                GapAwareTrackingToken token = previous;
                try (PreparedStatement query = store.prepareStatement(PAGE)) {
                    query.setLong(1, after);
                    query.setLong(2, head);
                    query.setInt(3, pageSize);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            long index = rows.getLong("global_index");
                            token = token == null
                                    ? GapAwareTrackingToken.newInstance(index, LongStream.range(
                                    Math.min(LOWEST_GLOBAL_INDEX, index), index).boxed().toList())
                                    : token.advanceTo(index, MAX_GAP_OFFSET);
                            entries.add(new TrackedDomainEventData<>(new ReplayToken(tokenAtReset, token),
                                    new GenericDomainEventEntry<>(rows.getString("type"),
                                            rows.getString("aggregate_identifier"), rows.getLong("sequence_number"),
                                            rows.getString("event_identifier"), rows.getString("time_stamp"),
                                            rows.getString("payload_type"), rows.getString("payload_revision"),
                                            rows.getBytes("payload"), rows.getBytes("meta_data"))));
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot read the event store after position " + after, e);
                }
                List<TrackedEventMessage<?>> page = EventUtils.upcastAndDeserializeTrackedEvents(entries.stream(),
                        eventSerializer, upcasters).toList();
                // Deserialised here, so that the rebuild's thread finds it done.
                page.forEach(event -> {
                    event.getPayload();
                    event.getMetaData();
                    event.getTimestamp();
                });
                return page;
            }, reader);
        }
    }
}
