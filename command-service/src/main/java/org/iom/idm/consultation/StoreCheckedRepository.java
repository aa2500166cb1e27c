package org.iom.idm.consultation;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.iom.idm.store.StreamHeads;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps loaded aggregates in memory, but trusts a kept one only while it is as new as its stream in the event
 * store. Another command-service instance may have appended to the stream since: then the kept copy is dropped
 * and the aggregate is loaded from the store (its snapshot and the events after it). One indexed look-up of the
 * stream's last sequence number replaces reading and applying its events; a group of commands (group commit) makes
 * one look-up for every kept aggregate it targets, at its first check.
 */
final class StoreCheckedRepository<T> extends CachingEventSourcingRepository<T> {

    private static final String GROUP_HEADS = StoreCheckedRepository.class.getName() + ".groupHeads";
    private static final CommandTargetResolver TARGETS = AnnotationCommandTargetResolver.builder().build();

    private final Cache cache;
    private final StreamHeads streamHeads;

    StoreCheckedRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore, Cache cache,
                           StreamHeads streamHeads) {
        super(builder.eventStore(eventStore).cache(cache));
        this.cache = cache;
        this.streamHeads = streamHeads;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        if (!cache.containsKey(aggregateIdentifier)) {
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        EventSourcedAggregate<T> kept = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        if (Objects.equals(kept.version(), storedVersionOf(aggregateIdentifier))) {
            return kept;
        }
        cache.remove(aggregateIdentifier);
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }

    /**
     * Within a group, the heads read at its first check serve its later ones: the group's own events are appended
     * only as it commits, and an aggregate is loaded once per unit of work. A stream another instance appends to
     * after the look-up fails the group's commit, and its commands run again alone.
     */
    private Long storedVersionOf(String aggregateIdentifier) {
        UnitOfWork<?> root = CurrentUnitOfWork.map(UnitOfWork::root).orElse(null);
        Map<String, Long> heads = root instanceof BatchingUnitOfWork<?> group && group.getMessages().size() > 1
                ? root.getOrComputeResource(GROUP_HEADS,
                        key -> streamHeads.lastSequenceNumbersOf(keptTargetsOf(group, aggregateIdentifier)))
                : Map.of();
        return heads.containsKey(aggregateIdentifier) ? heads.get(aggregateIdentifier)
                : streamHeads.lastSequenceNumbersOf(Set.of(aggregateIdentifier)).get(aggregateIdentifier);
    }

    private Set<String> keptTargetsOf(BatchingUnitOfWork<?> group, String first) {
        Set<String> targets = new LinkedHashSet<>();
        targets.add(first);
        for (Message<?> message : group.getMessages()) {
            if (message instanceof CommandMessage<?> command) {
                targetOf(command).filter(cache::containsKey).ifPresent(targets::add);
            }
        }
        return targets;
    }

    /** None for a command that creates its aggregate. */
    private static Optional<String> targetOf(CommandMessage<?> command) {
        try {
            return Optional.of(TARGETS.resolveTarget(command).getIdentifier());
        } catch (IllegalArgumentException noTarget) {
            return Optional.empty();
        }
    }
}
