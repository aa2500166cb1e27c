package org.iom.idm.store;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CONTRACT §7, the append-only audit chain: events become visible in the order of their global index. Each
 * transaction that appends takes one database lock before its events draw their indexes and keeps it until it
 * commits or rolls back, so no event can ever commit below an index that another transaction has already made
 * visible. A reader that has seen position n has seen everything that will ever exist below it (a rolled-back
 * append leaves a gap that stays empty), and the audit chain never has to take an event in behind entries it has
 * sealed. The lock spans the inserts and the commit only, across every command instance on the database.
 */
public final class AppendsInCommitOrder implements EventStorageEngine {

    private final EventStorageEngine store;
    private final EntityManagerProvider entityManagers;
    private final String takeTheLock;

    AppendsInCommitOrder(EventStorageEngine store, EntityManagerProvider entityManagers, String takeTheLock) {
        this.store = store;
        this.entityManagers = entityManagers;
        this.takeTheLock = takeTheLock;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (!events.isEmpty()) {
            entityManagers.getEntityManager().createNativeQuery(takeTheLock).getResultList();
        }
        store.appendEvents(events);
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
        return store.lastSequenceNumberFor(aggregateIdentifier);
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
