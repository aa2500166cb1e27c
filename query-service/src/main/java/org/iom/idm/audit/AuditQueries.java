package org.iom.idm.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The audit trail: every accepted change, who made it and when, in the order of the event store (CONTRACT §5). */
public interface AuditQueries {

    /** Oldest first (the order of the store) or newest first. */
    enum Order {
        ASC,
        DESC
    }

    /**
     * Entries that pass the filter, strictly between the positions {@code after} (0: from the start) and
     * {@code before} (null: to the end), at most {@code limit}, in the given order. Where the range holds more, the
     * page is the one next to the position given alone: after {@code after}, or before {@code before} (keyset
     * paging both ways); with neither or both, the first in the given order.
     */
    record FindAuditEntries(AuditFilter filter, long after, Long before, Order order, int limit) {

        /** From the start, oldest first. */
        public FindAuditEntries(AuditFilter filter, long after, int limit) {
            this(filter, after, null, Order.ASC, limit);
        }
    }

    /** How many entries pass the filter strictly between the positions {@code after} and {@code before} (or none). */
    record CountAuditEntries(AuditFilter filter, long after, Long before) {
    }

    /**
     * Every field is optional: {@code actor} is part of a user name, in any case; {@code memberState} the state a
     * delegate acted for; {@code type} an event's simple name (e.g. {@code BallotChanged}); {@code from} is
     * inclusive and {@code to} exclusive.
     */
    record AuditFilter(String consultationId, String memberState, String actor, String type, Instant from,
                       Instant to) {

        public static AuditFilter none() {
            return new AuditFilter(null, null, null, null, null, null);
        }
    }

    /**
     * One event as the secretariat reads it. {@code summary}, {@code before} and {@code after} are in English, what
     * changed where an event changes something that was there before; {@code previousHash} is the hash of the
     * entry before, or {@link AuditHash#GENESIS} for the first. {@code narration} holds the same in no language yet
     * ({@link AuditWords}), for the web UI to say in the reader's; null for entries written before it was kept.
     * {@code canonical} is the exact text {@code hash} covers ({@link AuditHash}); only the JSON Lines export
     * carries it.
     */
    record AuditEntry(long position, Instant timestamp, String type, String aggregateId, String consultationId,
                      String actor, String role, String memberState, String correlationId, String summary,
                      String before, String after, String hash, String previousHash,
                      @JsonIgnore String narration, @JsonIgnore String canonical) {

        /** This entry beside another canonical form: the one the export rebuilds from the event store. */
        AuditEntry besideTheStores(String storeCanonical) {
            return new AuditEntry(position, timestamp, type, aggregateId, consultationId, actor, role, memberState,
                    correlationId, summary, before, after, hash, previousHash, narration, storeCanonical);
        }

        /** No entry at a position where the store has an event (or neither has, when {@code canonical} is null). */
        static AuditEntry missing(long position, String storeCanonical) {
            return new AuditEntry(position, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, storeCanonical);
        }
    }

    /**
     * The newest entry of the trail; with {@code sealed} consultations (voting now), the newest entry before the
     * first ballot of any of them, so that the head's position and count say nothing of ballots while they are
     * sealed (CONTRACT §7).
     */
    record FindAuditHead(Set<String> sealed) {
    }

    /** CONTRACT §7's GET /api/audit/head: the newest entry's position, hash and time, and how many entries there are. */
    record AuditHead(long position, long count, String hash, Instant at) {
    }

    /**
     * A page in the order asked for. {@code next}: the page after this one in that order, the position to pass as
     * {@code after} (oldest first) or as {@code before} (newest first); null on the last page. {@code newer} and
     * {@code older}: the positions to pass as {@code after} for the newer entries and as {@code before} for the
     * older ones; null where there are none. {@code total}: the entries that pass the filters; {@code offset}: how
     * many of them come before this page in its order (the page holds entries {@code offset + 1} and on).
     */
    record AuditPage(List<AuditEntry> entries, Long next, Long newer, Long older, long total, long offset) {
    }
}
