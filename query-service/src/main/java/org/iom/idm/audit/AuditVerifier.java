package org.iom.idm.audit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.idm.actor.Actor;
import org.iom.idm.readmodel.Rows;
import org.iom.idm.readmodel.StorePositions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks the audit trail against the event store itself: reads every event from the store, recomputes the hash
 * chain ({@link AuditHash}) and the columns the trail displays, and compares them, position by position, with the
 * recorded entries. Events the audit processor has not handled yet (it follows the store a moment behind) are not
 * counted as missing; an entry that is missing up to where the processor has been, altered, or without an event is
 * a mismatch, so a trail emptied or cut short does not verify.
 */
@Component
class AuditVerifier {

    /** The outcome of CONTRACT §5's GET /api/audit/verify. */
    record Verification(boolean verified, long entries, Long firstMismatchPosition) {
    }

    private record Recorded(long position, String hash, Displayed displayed) {
    }

    /** What the trail shows of an event besides its narration, each taken from the event and its metadata. */
    private record Displayed(Instant recordedAt, String type, String aggregateId, String consultationId, String actor,
                             String role, String memberState, String correlationId) {

        static Displayed of(EventMessage<?> event) {
            String aggregateId = event instanceof DomainEventMessage<?> domainEvent
                    ? domainEvent.getAggregateIdentifier() : null;
            return new Displayed(event.getTimestamp().truncatedTo(ChronoUnit.MILLIS), AuditHash.typeOf(event.getPayload()),
                    aggregateId, AuditProjection.consultationIdOf(event.getPayload()),
                    AuditHash.metaData(event, Actor.USERNAME), AuditHash.metaData(event, Actor.ROLE),
                    AuditHash.metaData(event, Actor.MEMBER_STATE), AuditHash.metaData(event, Actor.CORRELATION_ID));
        }
    }

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final JdbcClient db;
    private final int pageSize;
    private final ObjectProvider<EventStorageEngine> storageEngine;

    AuditVerifier(EventStore eventStore, EventProcessingConfiguration processing, JdbcClient db,
                  @Value("${idm.audit.verify.page-size}") int pageSize, ObjectProvider<EventStorageEngine> storageEngine) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.db = db;
        this.pageSize = pageSize;
        this.storageEngine = storageEngine;
    }

    Verification verify() {
        long lastRecorded = db.sql("select max(event_position) from audit_entry").query(Long.class).optional()
                .orElse(StorePositions.NONE);
        // The trail must hold every event up to where the audit processor has been, whatever its newest entry says.
        long lastExpected = Math.max(lastRecorded, handledByTheAudit());
        if (lastExpected == StorePositions.NONE) {
            return new Verification(true, 0, null);
        }
        Deque<Recorded> page = new ArrayDeque<>();
        long checked = 0;
        long afterPosition = -1;
        String previousHash = AuditHash.GENESIS;
        try (Stream<? extends TrackedEventMessage<?>> stored = storedEvents()) {
            Iterator<? extends TrackedEventMessage<?>> events = stored.iterator();
            while (afterPosition < lastExpected && events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                long position = event.trackingToken().position().orElseThrow();
                if (position > lastExpected) {
                    break;
                }
                if (page.isEmpty()) {
                    page.addAll(entriesAfter(afterPosition));
                }
                Recorded entry = page.pollFirst();
                String hash = AuditHash.link(previousHash, AuditHash.canonical(position, event));
                if (entry == null || entry.position() != position || !entry.hash().equals(hash)
                        || !entry.displayed().equals(Displayed.of(event))) {
                    return new Verification(false, checked, entry == null ? position
                            : Math.min(entry.position(), position));
                }
                afterPosition = position;
                previousHash = hash;
                checked++;
            }
        }
        Long beyond = db.sql("select min(event_position) from audit_entry where event_position > ?")
                .param(afterPosition).query(Long.class).optional().orElse(null);
        if (beyond != null) {
            return new Verification(false, checked, beyond);
        }
        return afterPosition < lastExpected ? new Verification(false, checked, afterPosition + 1)
                : new Verification(true, checked, null);
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

    private List<Recorded> entriesAfter(long position) {
        return db.sql("select event_position, hash, recorded_at, event_type, aggregate_id, consultation_id, actor, "
                        + "actor_role, member_state, correlation_id from audit_entry where event_position > ? "
                        + "order by event_position fetch first ? rows only")
                .params(position, pageSize)
                .query((rs, row) -> new Recorded(rs.getLong("event_position"), rs.getString("hash"), new Displayed(
                        Rows.instant(rs, "recorded_at").truncatedTo(ChronoUnit.MILLIS), rs.getString("event_type"),
                        rs.getString("aggregate_id"), rs.getString("consultation_id"), rs.getString("actor"),
                        rs.getString("actor_role"), rs.getString("member_state"), rs.getString("correlation_id"))))
                .list();
    }
}
