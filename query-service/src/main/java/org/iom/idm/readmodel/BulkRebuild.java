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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

/**
 * Rebuilds the read models of stopped processors from the database's event store, each processor in a transaction
 * of its own on a thread of its own, so that readers see the old tables until it commits (the reset handlers
 * delete, they never truncate) and one processor's work overlaps another's writes. In each: the processor's segments
 * are claimed, its reset handlers run and its parked events are dropped; every page of the store (read once with
 * plain JDBC on a thread of its own, each event deserialised once, the same immutable messages shared by all) is
 * handed to its handlers directly, one batch (unit of work) per page, so that the projections' batch writes work as
 * they do in a processor; then its segments' tokens are set where the last event read left them. Axon's monitors,
 * dead-letter queues, interceptors and token writes per batch are bypassed. The transactions commit only once every
 * processor has handled every page: a failure in any rolls them all back (only a commit that itself fails can
 * leave one processor rebuilt and another not, each with its own tokens).
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
    /** How many pages the reader reads ahead of the slowest processor. */
    private static final int PAGES_AHEAD = 2;
    private static final String PAGE = """
            select global_index, event_identifier, aggregate_identifier, sequence_number, type, payload_type,
                payload_revision, payload, meta_data, time_stamp
            from domain_event_entry where global_index > ? and global_index <= ? order by global_index limit ?""";

    /** Told each time the slowest processor has handled another page, every transaction open: where it stands. */
    interface PageListener {
        void handled(long position, long head);
    }

    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final Serializer eventSerializer;
    private final EventUpcaster upcasters;
    private final EventProcessingConfiguration processing;
    private final int pageSize;
    /** For tests: holds the transactions open at a page's end. */
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
     * newest, telling {@code progress} how far the slowest of them has got; returns the position of the last event
     * read. Each processor is rebuilt on a thread and in a transaction of its own, all fed the same pages, so that
     * one's work overlaps another's writes; they commit only once every one has handled the last page.
     */
    long rebuild(Map<String, StreamingEventProcessor> processors, PageListener progress) {
        List<Target> targets = processors.entrySet().stream()
                .map(entry -> target(entry.getKey(), entry.getValue()))
                .toList();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(targets.size() + 1, runnable -> {
            Thread thread = new Thread(runnable, "read-model-rebuild-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try (Connection store = dataSource.getConnection()) {
            Pages pages = new Pages(store);
            long head = pages.head();
            progress.handled(StorePositions.NONE, head);
            Meeting meeting = new Meeting(targets.size(), head, progress);
            List<Future<?>> builders = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                Target target = targets.get(i);
                int builder = i;
                builders.add(threads.submit(() -> meeting.failingAll(() -> transactions.executeWithoutResult(
                        status -> rebuild(target, builder, meeting)))));
            }
            Future<?> reader = threads.submit(() -> meeting.failingAll(() -> pages.readAll(head, meeting)));
            for (Future<?> builder : builders) {
                awaitEnd(builder);
            }
            // Done with its connection before it closes.
            awaitEnd(reader);
            meeting.throwFailure();
            return meeting.position();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event store", e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** One processor's rebuild, in its own transaction, which commits once every processor has got this far. */
    private void rebuild(Target target, int builder, Meeting meeting) {
        claimAndReset(target);
        GapAwareTrackingToken token = null;
        for (long number = 0; ; number++) {
            List<TrackedEventMessage<?>> page = meeting.page(builder, number);
            if (page.isEmpty()) {
                break;
            }
            handle(page, target);
            token = tokenOf(page.get(page.size() - 1));
            meeting.handled(builder, token.getIndex());
        }
        for (int segment : target.tokens().fetchSegments(target.name())) {
            target.tokens().storeToken(token, target.name(), segment);
            target.tokens().releaseClaim(target.name(), segment);
        }
        meeting.readyToCommit();
    }

    private static GapAwareTrackingToken tokenOf(TrackedEventMessage<?> event) {
        return WrappedToken.unwrap(event.trackingToken(), GapAwareTrackingToken.class).orElseThrow();
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
    private static void handle(List<TrackedEventMessage<?>> page, Target target) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.<EventMessage<?>>copyOf(page));
        ResultMessage<?> result = batch.executeWithResult(() -> {
            EventMessage<?> event = batch.getMessage();
            for (EventMessageHandler handler : target.handlers()) {
                handler.handle(event);
            }
            return null;
        });
        if (result.isExceptional()) {
            throw new IllegalStateException("the events up to position " + page.get(page.size() - 1)
                    .trackingToken().position().orElse(StorePositions.NONE) + " could not be handled by "
                    + target.name(), result.exceptionResult());
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

    /** Waits for a part of the rebuild to end; how it failed, the meeting knows. */
    private static void awaitEnd(Future<?> part) {
        try {
            part.get();
        } catch (ExecutionException e) {
            // told to the meeting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the read models were rebuilt", e);
        }
    }

    /**
     * Where the rebuild's threads meet. The reader publishes the pages, and stays at most {@link #PAGES_AHEAD}
     * pages ahead of the slowest processor; each processor takes every page in turn, a page being dropped once all
     * have it; the slowest one's position is the rebuild's; and each waits at the end until all have got there,
     * before it commits. The first failure of any thread ends every wait with a failure, so that nothing commits.
     */
    private final class Meeting {
        private final long head;
        private final PageListener progress;
        private final int builders;
        /** The pages some processor has yet to take, the first of them numbered {@link #firstPage}. */
        private final List<List<TrackedEventMessage<?>>> pages = new ArrayList<>();
        private long firstPage;
        /** Per processor, the number of the next page it takes, and the position of the last event it handled. */
        private final long[] nextPages;
        private final long[] positions;
        private long position = StorePositions.NONE;
        private int readyToCommit;
        private Throwable failure;

        Meeting(int builders, long head, PageListener progress) {
            this.head = head;
            this.progress = progress;
            this.builders = builders;
            this.nextPages = new long[builders];
            this.positions = new long[builders];
            Arrays.fill(positions, StorePositions.NONE);
        }

        /** Runs a part of the rebuild; if it fails, so does every other part. */
        void failingAll(Runnable part) {
            try {
                part.run();
            } catch (RuntimeException | Error e) {
                fail(e);
                throw e;
            }
        }

        /** Publishes the next page; the empty page ends them. */
        synchronized void publish(List<TrackedEventMessage<?>> page) {
            awaitWhile(() -> pages.size() >= PAGES_AHEAD);
            pages.add(page);
            dropTaken();
            notifyAll();
        }

        /** The page with the given number (from 0), once it has been published. */
        synchronized List<TrackedEventMessage<?>> page(int builder, long number) {
            awaitWhile(() -> number >= firstPage + pages.size());
            List<TrackedEventMessage<?>> page = pages.get((int) (number - firstPage));
            nextPages[builder] = number + 1;
            dropTaken();
            notifyAll();
            return page;
        }

        private void dropTaken() {
            long slowest = Arrays.stream(nextPages).min().orElse(Long.MAX_VALUE);
            while (firstPage < slowest && !pages.isEmpty()) {
                pages.remove(0);
                firstPage++;
            }
        }

        /** A processor has handled the events up to {@code upTo}: the rebuild has got as far as the slowest. */
        void handled(int builder, long upTo) {
            long slowest;
            synchronized (this) {
                positions[builder] = upTo;
                slowest = Arrays.stream(positions).min().orElse(StorePositions.NONE);
                if (slowest <= position) {
                    return;
                }
                position = slowest;
                progress.handled(slowest, head);
            }
            afterEachPage.handled(slowest, head);
        }

        /** Waits until every processor is ready to commit; fails if any part of the rebuild failed. */
        synchronized void readyToCommit() {
            readyToCommit++;
            notifyAll();
            awaitWhile(() -> readyToCommit < builders);
        }

        synchronized void fail(Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            notifyAll();
        }

        synchronized void throwFailure() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        }

        synchronized long position() {
            return position;
        }

        /** Called holding the lock. */
        private void awaitWhile(BooleanSupplier waiting) {
            while (failure == null && waiting.getAsBoolean()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the read models were rebuilt", e);
                }
            }
            if (failure != null) {
                throw new IllegalStateException("another part of the rebuild failed", failure);
            }
        }
    }

    /**
     * The store's events in pages, read over a connection of their own, outside the rebuild's transactions: the
     * events up to the head never change.
     */
    private final class Pages {
        private final Connection store;

        Pages(Connection store) {
            this.store = store;
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

        /** Reads every page up to {@code head} and publishes it, then the empty page that ends them. */
        void readAll(long head, Meeting meeting) {
            TrackingToken tokenAtReset = GapAwareTrackingToken.newInstance(head, List.of());
            GapAwareTrackingToken token = null;
            while (true) {
                List<TrackedEventMessage<?>> page = read(token == null ? StorePositions.NONE : token.getIndex(),
                        head, token, tokenAtReset);
                meeting.publish(page);
                if (page.isEmpty()) {
                    return;
                }
                token = tokenOf(page.get(page.size() - 1));
            }
        }

        /**
         * The page after {@code after}, deserialised, each event with the token the storage engine would give it
         * (following {@code previous}), marked as a replay up to {@code tokenAtReset} as in a processor's replay.
         */
        private List<TrackedEventMessage<?>> read(long after, long head, GapAwareTrackingToken previous,
                                                  TrackingToken tokenAtReset) {
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
            // Deserialised here, before the processors' threads share them.
            page.forEach(event -> {
                event.getPayload();
                event.getMetaData();
                event.getTimestamp();
            });
            return page;
        }
    }
}
