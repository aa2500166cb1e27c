package org.iom.idm.audit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.idm.actor.Actor;
import org.iom.idm.audit.AuditQueries.AuditEntry;
import org.iom.idm.audit.AuditQueries.AuditFilter;
import org.iom.idm.audit.AuditQueries.FindAuditEntries;
import org.iom.idm.readmodel.StorePositions;
import org.iom.idm.web.Queries;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checks the audit trail against the event store itself (CONTRACT §7): reads every event from the store, rebuilds
 * its canonical form and the hash chain ({@link AuditHash}) and the columns the trail displays, and compares them,
 * position by position, with the recorded entries. Events the audit processor has not handled yet (it follows the
 * store a moment behind) are not counted as missing; an entry that is missing up to where the processor has been,
 * altered, or without an event is a mismatch, so a trail emptied or cut short does not verify. The full JSON Lines
 * export walks the same way, so that an outsider's verifier finds what this one finds.
 */
@Component
class AuditVerifier {

    /** The outcome of CONTRACT §5's GET /api/audit/verify. */
    record Verification(boolean verified, long entries, Long firstMismatchPosition) {
    }

    /**
     * One position of the store and of the trail side by side. {@code canonical} is the store's event at that
     * position as the chain covers it (null when the store has none there), {@code entry} the trail's (null when
     * it has none); {@code holds} when both are there and the entry's hashes and displayed columns are what the
     * store gives.
     */
    record Compared(long position, String canonical, AuditEntry entry, boolean holds) {
    }

    /** What the trail shows of an event besides its narration, each taken from the event and its metadata. */
    private record Displayed(Instant recordedAt, String type, String aggregateId, String consultationId, String actor,
                             String role, String memberState, String correlationId) {

        static Displayed of(EventMessage<?> event) {
            String aggregateId = event instanceof DomainEventMessage<?> domainEvent
                    ? domainEvent.getAggregateIdentifier() : null;
            return new Displayed(event.getTimestamp().truncatedTo(ChronoUnit.MILLIS),
                    AuditHash.typeOf(event.getPayload()), aggregateId,
                    AuditProjection.consultationIdOf(event.getPayload()), AuditHash.metaData(event, Actor.USERNAME),
                    AuditHash.metaData(event, Actor.ROLE), AuditHash.metaData(event, Actor.MEMBER_STATE),
                    AuditHash.metaData(event, Actor.CORRELATION_ID));
        }

        static Displayed of(AuditEntry entry) {
            return new Displayed(entry.timestamp() == null ? null : entry.timestamp().truncatedTo(ChronoUnit.MILLIS),
                    entry.type(), entry.aggregateId(), entry.consultationId(), entry.actor(), entry.role(),
                    entry.memberState(), entry.correlationId());
        }
    }

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final JdbcClient db;
    private final Queries queries;
    private final int pageSize;
    private final ObjectProvider<EventStorageEngine> storageEngine;

    AuditVerifier(EventStore eventStore, EventProcessingConfiguration processing, JdbcClient db, Queries queries,
                  AuditProperties settings, ObjectProvider<EventStorageEngine> storageEngine) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.db = db;
        this.queries = queries;
        this.pageSize = settings.verify().pageSize();
        this.storageEngine = storageEngine;
    }

    Verification verify() {
        long[] holding = {0};
        Long[] firstMismatch = {null};
        compare(compared -> {
            if (firstMismatch[0] != null) {
                return;
            }
            if (compared.holds()) {
                holding[0]++;
            } else {
                firstMismatch[0] = compared.position();
            }
        });
        return new Verification(firstMismatch[0] == null, holding[0], firstMismatch[0]);
    }

    /**
     * Hands every position of the store and the trail to {@code visitor}, oldest first, up to where the audit
     * processor has been (or the trail's newest entry, if that lies further).
     */
    void compare(Consumer<Compared> visitor) {
        long lastRecorded = db.sql("select max(event_position) from audit_entry").query(Long.class).optional()
                .orElse(StorePositions.NONE);
        long lastExpected = Math.max(lastRecorded, handledByTheAudit());
        if (lastExpected == StorePositions.NONE) {
            return;
        }
        Trail trail = new Trail();
        String previousHash = AuditHash.GENESIS;
        try (Stream<? extends TrackedEventMessage<?>> stored = storedEvents()) {
            Iterator<? extends TrackedEventMessage<?>> events = stored.iterator();
            TrackedEventMessage<?> event = next(events, lastExpected);
            AuditEntry entry = trail.next();
            while (event != null || entry != null) {
                long eventPosition = event == null ? Long.MAX_VALUE : positionOf(event);
                long entryPosition = entry == null ? Long.MAX_VALUE : entry.position();
                long position = Math.min(eventPosition, entryPosition);
                if (eventPosition == position) {
                    String canonical = AuditHash.canonical(position, event);
                    String hash = AuditHash.link(previousHash, canonical);
                    boolean holds = entryPosition == position && hash.equals(entry.hash())
                            && previousHash.equals(entry.previousHash())
                            && Displayed.of(event).equals(Displayed.of(entry));
                    visitor.accept(new Compared(position, canonical, entryPosition == position ? entry : null, holds));
                    previousHash = hash;
                    event = next(events, lastExpected);
                } else {
                    visitor.accept(new Compared(position, null, entry, false));
                }
                if (entryPosition == position) {
                    entry = trail.next();
                }
            }
        }
    }

    private static TrackedEventMessage<?> next(Iterator<? extends TrackedEventMessage<?>> events, long lastExpected) {
        if (!events.hasNext()) {
            return null;
        }
        TrackedEventMessage<?> event = events.next();
        return positionOf(event) > lastExpected ? null : event;
    }

    private static long positionOf(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }

    /** The recorded entries, oldest first, read a page at a time. */
    private final class Trail {

        private final Deque<AuditEntry> page = new ArrayDeque<>();
        private long after = StorePositions.NONE;
        private boolean ended;

        AuditEntry next() {
            if (page.isEmpty() && !ended) {
                page.addAll(queries.list(new FindAuditEntries(AuditFilter.none(), after, pageSize), AuditEntry.class));
                ended = page.size() < pageSize;
            }
            AuditEntry entry = page.pollFirst();
            if (entry != null) {
                after = entry.position();
            }
            return entry;
        }
    }

    /**
     * The events as the store holds them now, read from its storage engine: the event store's own streams may serve
     * recent events from a cache, which would hide an event deleted from the store. With Axon Server (no storage
     * engine here) its stream, up to the events available at once.
     */
    private Stream<? extends TrackedEventMessage<?>> storedEvents() {
        EventStorageEngine engine = storageEngine.getIfAvailable();
        return engine != null ? engine.readEvents(null, false) : eventStore.openStream(null).asStream();
    }

    /** The position up to which the audit processor has handled the store: the slowest of its segments. */
    private long handledByTheAudit() {
        return processing.eventProcessorByProcessingGroup(AuditProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().values().stream()
                        .mapToLong(StorePositions::of).min().orElse(StorePositions.NONE))
                .orElse(StorePositions.NONE);
    }
}
