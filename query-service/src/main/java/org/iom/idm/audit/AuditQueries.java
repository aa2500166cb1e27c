package org.iom.idm.audit;

import java.time.Instant;
import java.util.List;

/** The audit trail: every accepted change, who made it and when, in the order of the event store (CONTRACT §5). */
public interface AuditQueries {

    /** Entries after the position {@code after} (0: from the start) that pass the filter, at most {@code limit}. */
    record FindAuditEntries(AuditFilter filter, long after, int limit) {
    }

    /**
     * Every field is optional: {@code type} is an event's simple name (e.g. {@code BallotChanged}); {@code from}
     * is inclusive and {@code to} exclusive.
     */
    record AuditFilter(String consultationId, String actor, String type, Instant from, Instant to) {

        public static AuditFilter none() {
            return new AuditFilter(null, null, null, null, null);
        }
    }

    /**
     * One event as the secretariat reads it. {@code before} and {@code after} are what changed, in words, where
     * an event changes something that was there before; {@code previousHash} is the hash of the entry before,
     * or {@link AuditHash#GENESIS} for the first.
     */
    record AuditEntry(long position, Instant timestamp, String type, String aggregateId, String consultationId,
                      String actor, String role, String memberState, String correlationId, String summary,
                      String before, String after, String hash, String previousHash) {
    }

    /** {@code next}: the position to pass as {@code after} for the next page; null on the last page. */
    record AuditPage(List<AuditEntry> entries, Long next) {
    }
}
