package org.iom.idm.consultation;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Objects;

/**
 * Keeps loaded aggregates in memory, but trusts a kept one only while it is as new as its stream in the event
 * store. Another command-service instance may have appended to the stream since: then the kept copy is dropped
 * and the aggregate is loaded from the store (its snapshot and the events after it). One indexed look-up of the
 * stream's last sequence number replaces reading and applying its events.
 */
final class StoreCheckedRepository<T> extends CachingEventSourcingRepository<T> {

    private final EventStore eventStore;
    private final Cache cache;

    StoreCheckedRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore, Cache cache) {
        super(builder.eventStore(eventStore).cache(cache));
        this.eventStore = eventStore;
        this.cache = cache;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        if (!cache.containsKey(aggregateIdentifier)) {
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        EventSourcedAggregate<T> kept = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        Long stored = eventStore.lastSequenceNumberFor(aggregateIdentifier).orElse(null);
        if (Objects.equals(kept.version(), stored)) {
            return kept;
        }
        cache.remove(aggregateIdentifier);
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }
}
