package org.iom.idm.audit;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The audit processor's own memory of what later entries name: member-state names, consultation and proposal
 * titles, comment texts and authors, each state's current ballot. It is kept in step by the audit processor's
 * handlers alone, so the audit never depends on how far another read model has got, and is rebuilt with it.
 *
 * <p>Within a batch of the processor, labels once read or written are remembered, so a batch looks each one up
 * at most once. What an event writes is remembered only once the event is recorded ({@link #keepEventsLabels}):
 * a failed event's writes are undone in the database and must not linger here.
 */
final class AuditLabels {

    enum Kind {
        MEMBER_STATE,
        CONSULTATION,
        PROPOSAL_TITLE,
        PROPOSAL_SUMMARY,
        COMMENT_TEXT,
        COMMENT_AUTHOR,
        BALLOT
    }

    /** Ids match {@code [a-z0-9-]+}, are UUIDs or member-state codes, so they never contain the separator. */
    private static final String KEY_SEPARATOR = "/";
    private static final String BATCH_MEMORY = AuditLabels.class.getName() + ".batch";

    private final JdbcClient db;

    AuditLabels(JdbcClient db) {
        this.db = db;
    }

    /** The labels of one batch: those known to be stored, and those the current event has written so far. */
    private static final class BatchMemory {
        private final Map<String, Optional<String>> stored = new HashMap<>();
        private final Map<String, String> writtenByEvent = new HashMap<>();
    }

    static String key(String... parts) {
        return String.join(KEY_SEPARATOR, parts);
    }

    Optional<String> find(Kind kind, String key) {
        if (key == null) {
            return Optional.empty();
        }
        BatchMemory memory = batchMemory();
        String id = memoryKey(kind, key);
        if (memory.writtenByEvent.containsKey(id)) {
            return Optional.of(memory.writtenByEvent.get(id));
        }
        Optional<String> known = memory.stored.get(id);
        if (known != null) {
            return known;
        }
        Optional<String> label = db.sql("select label from audit_label where kind = ? and label_key = ?")
                .params(kind.name(), key)
                .query(String.class)
                .optional();
        memory.stored.put(id, label);
        return label;
    }

    String get(Kind kind, String key, String fallback) {
        return find(kind, key).orElse(fallback);
    }

    /** Only the audit processor writes here, one event at a time, so update-or-insert needs no locking. */
    void put(Kind kind, String key, String label) {
        if (key == null || label == null) {
            return;
        }
        BatchMemory memory = batchMemory();
        String id = memoryKey(kind, key);
        Optional<String> known = memory.writtenByEvent.containsKey(id) ? Optional.of(memory.writtenByEvent.get(id))
                : memory.stored.get(id);
        int updated = known != null && known.isEmpty() ? 0
                : db.sql("update audit_label set label = ? where kind = ? and label_key = ?")
                .params(label, kind.name(), key)
                .update();
        if (updated == 0) {
            db.sql("insert into audit_label (kind, label_key, label) values (?, ?, ?)")
                    .params(kind.name(), key, label)
                    .update();
        }
        memory.writtenByEvent.put(id, label);
    }

    /** Called before each event: whatever an earlier, failed event wrote is forgotten. */
    void startEvent() {
        batchMemory().writtenByEvent.clear();
    }

    /** Called once an event is recorded: its labels are now stored with the batch. */
    void keepEventsLabels() {
        BatchMemory memory = batchMemory();
        memory.writtenByEvent.forEach((id, label) -> memory.stored.put(id, Optional.of(label)));
        memory.writtenByEvent.clear();
    }

    void clear() {
        db.sql("delete from audit_label").update();
        batchMemory().stored.clear();
    }

    /** Outside a unit of work (no batch), nothing is remembered beyond the call. */
    private static BatchMemory batchMemory() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new BatchMemory();
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(BATCH_MEMORY, name -> new BatchMemory());
    }

    private static String memoryKey(Kind kind, String key) {
        return kind.name() + KEY_SEPARATOR + key;
    }
}
