package org.iom.idm.audit;

import org.axonframework.eventhandling.EventMessage;
import org.iom.idm.readmodel.StorePositions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.OptionalLong;

/**
 * The trail's hash chain (CONTRACT §7): its head, each new entry linked to the one before ({@link AuditHash}), and
 * the rule that it grows at the head only. An entry, once written, is never changed, nor is another put in
 * between.
 */
@Component
class AuditChain {

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);

    private final JdbcClient db;

    /** The head as the audit processor's last committed batch left it; null when not known. */
    private volatile Head committedHead;

    AuditChain(JdbcClient db) {
        this.db = db;
    }

    /** The last entry of the chain: a position and its hash. */
    record Head(long position, String hash) {
    }

    /** An entry's place in the chain: the hash it links to and its own. */
    record Link(String previousHash, String hash) {
    }

    /** The head as the trail holds it, the genesis before the first entry. */
    Head storedHead() {
        return db.sql("select event_position, hash from audit_entry order by event_position desc limit 1")
                .query((rs, row) -> new Head(rs.getLong("event_position"), rs.getString("hash")))
                .optional()
                .orElseGet(() -> new Head(StorePositions.NONE, AuditHash.GENESIS));
    }

    /** Whether any other writer (another instance that held the segment meanwhile, a rebuild) moved the head. */
    boolean movedElsewhere(Head stored) {
        return !stored.equals(committedHead);
    }

    void committed(Head head) {
        committedHead = head;
    }

    /** The trail was emptied (a reset): its head is the genesis, left by this processor, not moved elsewhere. */
    void emptied() {
        committedHead = new Head(StorePositions.NONE, AuditHash.GENESIS);
    }

    /** A chain as one batch extends it, from the head it started at. */
    static final class Growing {
        private Head head;
        /** The last position admitted: ahead of the head while admitted entries wait to be linked. */
        private long admitted;

        Growing(Head head) {
            this.head = head;
            this.admitted = head.position();
        }

        Head head() {
            return head;
        }

        /**
         * Whether an event at the given position (empty: untracked) may join the chain: only beyond the head. The
         * store commits its events in the order of their positions (the command service's AppendsInCommitOrder),
         * so each event the processor sees lies beyond it.
         */
        boolean admits(OptionalLong position) {
            return position.isPresent() && position.getAsLong() > admitted;
        }

        /** The event at {@code position} joins the chain; its entry is linked later, in the order admitted. */
        void admit(long position) {
            admitted = position;
        }

        /** Links the entry of the event at {@code position}, in its canonical form, to the head; it becomes the head. */
        Link link(long position, String canonical) {
            Link link = new Link(head.hash(), AuditHash.link(head.hash(), canonical));
            head = new Head(position, link.hash());
            return link;
        }
    }

    /**
     * An event the chain did not admit would have to go in between entries already sealed, and no written hash may
     * change: it is left out, never relinked, and verification reports its position as missing from the trail.
     * Call once the entries before it are written, so one already recorded is told apart.
     */
    void leaveOut(EventMessage<?> message, Head head) {
        if (!isRecorded(message.getIdentifier())) {
            log.error("Event {} ({}) reached the audit trail behind its head at position {}: the store did not commit "
                            + "it in order; it is left out and verification will report it", message.getIdentifier(),
                    AuditHash.typeOf(message.getPayload()), head.position());
        }
    }

    private boolean isRecorded(String eventId) {
        return db.sql("select count(*) from audit_entry where event_id = ?").param(eventId).query(Long.class)
                .single() > 0;
    }
}
