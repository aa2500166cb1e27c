package org.iom.idm.audit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks the audit trail against the event store itself: reads every event from the store, recomputes the hash
 * chain ({@link AuditHash}) and compares it, position by position, with the recorded entries. Events the trail
 * has not reached yet (it follows the store a moment behind) are not counted as missing; an entry that is
 * missing in between, altered, or without an event is a mismatch.
 */
@Component
class AuditVerifier {

    /** The outcome of CONTRACT §5's GET /api/audit/verify. */
    record Verification(boolean verified, long entries, Long firstMismatchPosition) {
    }

    private record Recorded(long position, String hash) {
    }

    private final EventStore eventStore;
    private final JdbcClient db;
    private final int pageSize;
    private final Duration readTimeout;

    AuditVerifier(EventStore eventStore, JdbcClient db, @Value("${idm.audit.verify.page-size}") int pageSize,
                  @Value("${idm.audit.verify.read-timeout}") Duration readTimeout) {
        this.eventStore = eventStore;
        this.db = db;
        this.pageSize = pageSize;
        this.readTimeout = readTimeout;
    }

    Verification verify() {
        Long lastRecorded = db.sql("select max(event_position) from audit_entry").query(Long.class).optional()
                .orElse(null);
        if (lastRecorded == null) {
            return new Verification(true, 0, null);
        }
        Deque<Recorded> page = new ArrayDeque<>();
        long checked = 0;
        long afterPosition = -1;
        String previousHash = AuditHash.GENESIS;
        try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(null)) {
            while (afterPosition < lastRecorded
                    && events.hasNextAvailable(Math.toIntExact(readTimeout.toMillis()), TimeUnit.MILLISECONDS)) {
                TrackedEventMessage<?> event = events.nextAvailable();
                long position = event.trackingToken().position().orElseThrow();
                if (position > lastRecorded) {
                    break;
                }
                if (page.isEmpty()) {
                    page.addAll(entriesAfter(afterPosition));
                }
                Recorded entry = page.pollFirst();
                String hash = AuditHash.link(previousHash, AuditHash.canonical(position, event));
                if (entry == null || entry.position() != position || !entry.hash().equals(hash)) {
                    return new Verification(false, checked, entry == null ? position
                            : Math.min(entry.position(), position));
                }
                afterPosition = position;
                previousHash = hash;
                checked++;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verification interrupted", interrupted);
        }
        Long beyond = db.sql("select min(event_position) from audit_entry where event_position > ?")
                .param(afterPosition).query(Long.class).optional().orElse(null);
        return beyond == null ? new Verification(true, checked, null) : new Verification(false, checked, beyond);
    }

    private List<Recorded> entriesAfter(long position) {
        return db.sql("select event_position, hash from audit_entry where event_position > ? order by event_position "
                        + "fetch first ? rows only")
                .params(position, pageSize)
                .query((rs, row) -> new Recorded(rs.getLong("event_position"), rs.getString("hash")))
                .list();
    }
}
