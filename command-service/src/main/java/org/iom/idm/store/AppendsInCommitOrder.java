package org.iom.idm.store;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.hibernate.Session;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.axonframework.common.DateTimeUtils.formatInstant;

/**
 * CONTRACT §7, the append-only audit chain: events become visible in the order of their global index, and no
 * index is ever left unused. Each transaction that appends takes one database lock (the row of
 * {@code event_append_order}) and keeps it until it commits or rolls back; under it, the transaction numbers its
 * events itself, on from a counter in that row, and writes them in one JDBC batch. So no event can ever commit below
 * an index that another transaction has already made visible, and a rolled-back append rolls its counter back with
 * it: a reader that has seen position n has seen everything that will ever exist below it, there are no gaps for
 * the processors to track, and the audit chain never takes an event in behind entries it has sealed. One lock
 * and one batch per transaction, across every command instance on the database, and no sequence call per event.
 * Everything else (reading streams, snapshots) is Axon's own JPA storage engine's.
 */
public final class AppendsInCommitOrder implements EventStorageEngine {

    /** SQLSTATE of a unique key violation, on PostgreSQL and H2 alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String INSERT = """
            insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number,
                type, payload_type, payload_revision, payload, meta_data, time_stamp)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String LAST_SEQUENCE_NUMBERS = """
            select aggregate_identifier, max(sequence_number) from domain_event_entry
            where aggregate_identifier in (%s) group by aggregate_identifier""";
    private static final String MOVE_COUNTER = "update event_append_order set last_index = ? where id = 1";

    private final EventStorageEngine store;
    private final EntityManagerProvider entityManagers;
    private final Serializer serializer;
    private final String takeTheLock;

    AppendsInCommitOrder(EventStorageEngine store, EntityManagerProvider entityManagers, Serializer serializer,
                         String takeTheLock) {
        this.store = store;
        this.entityManagers = entityManagers;
        this.serializer = serializer;
        this.takeTheLock = takeTheLock;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        List<DomainEventMessage<?>> domainEvents = events.stream().<DomainEventMessage<?>>map(
                AppendsInCommitOrder::asDomainEvent).toList();
        try {
            entityManagers.getEntityManager().unwrap(Session.class)
                    .doWork(connection -> append(connection, domainEvents));
        } catch (RuntimeException failure) {
            throw translated(failure, events.get(0));
        }
    }

    private void append(Connection connection, List<DomainEventMessage<?>> events) throws SQLException {
        long last;
        try (PreparedStatement lock = connection.prepareStatement(takeTheLock);
             ResultSet counter = lock.executeQuery()) {
            counter.next();
            last = counter.getLong(1);
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (DomainEventMessage<?> event : events) {
                DomainEventEntry entry = new DomainEventEntry(event, serializer);
                insert.setLong(1, ++last);
                insert.setString(2, entry.getEventIdentifier());
                insert.setString(3, entry.getAggregateIdentifier());
                insert.setLong(4, entry.getSequenceNumber());
                insert.setString(5, entry.getType());
                insert.setString(6, entry.getPayload().getType().getName());
                insert.setString(7, entry.getPayload().getType().getRevision());
                insert.setBytes(8, entry.getPayload().getData());
                insert.setBytes(9, entry.getMetaData().getData());
                insert.setString(10, formatInstant(event.getTimestamp()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement move = connection.prepareStatement(MOVE_COUNTER)) {
            move.setLong(1, last);
            move.executeUpdate();
        }
    }

    /** As Axon's engines answer: a taken stream position is a lost race, or a new stream whose id exists. */
    private static RuntimeException translated(RuntimeException failure, EventMessage<?> first) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                String what = "an event of " + describe(first) + " takes a position another writer holds";
                return first instanceof DomainEventMessage<?> domain && domain.getSequenceNumber() == 0
                        ? new AggregateStreamCreationException(what, failure)
                        : new ConcurrencyException(what, failure);
            }
        }
        return new EventStoreException("cannot append the events of " + describe(first), failure);
    }

    private static String describe(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain
                ? domain.getType() + " " + domain.getAggregateIdentifier() : "event " + event.getIdentifier();
    }

    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain
                ? domain : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        store.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return store.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return store.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return store.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return Optional.ofNullable(lastSequenceNumbersOf(List.of(aggregateIdentifier)).get(aggregateIdentifier));
    }

    /** One indexed query for them all, without JPQL. */
    Map<String, Long> lastSequenceNumbersOf(Collection<String> aggregateIdentifiers) {
        if (aggregateIdentifiers.isEmpty()) {
            return Map.of();
        }
        String parameters = String.join(", ", Collections.nCopies(aggregateIdentifiers.size(), "?"));
        return entityManagers.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(LAST_SEQUENCE_NUMBERS.formatted(parameters))) {
                int parameter = 0;
                for (String id : aggregateIdentifiers) {
                    query.setString(++parameter, id);
                }
                Map<String, Long> heads = new HashMap<>();
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        heads.put(result.getString(1), result.getLong(2));
                    }
                }
                return heads;
            }
        });
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }
}
