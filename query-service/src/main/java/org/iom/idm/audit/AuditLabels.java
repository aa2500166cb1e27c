package org.iom.idm.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.iom.idm.readmodel.BatchState;
import org.iom.idm.readmodel.Rows;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit processor's own memory of what later entries name: member-state names, consultation and proposal
 * titles, comment texts and authors, each state's current ballot, each consultation's phase. It is kept in step by the audit processor's
 * handlers alone, so the audit never depends on how far another read model has got, and is rebuilt with it.
 *
 * <p>Within a batch of the processor, labels once read or written are remembered, so a batch looks each one up
 * at most once, and what the batch's events write is written once, by {@link #write()} as the batch commits. An
 * event's labels count only once the event is recorded ({@link #keepEventsLabels}): a failed event's are dropped.
 * A committed batch's labels are remembered for the next batches, up to a number, until the processor finds the
 * trail changed by another writer ({@link #forgetEarlierBatches}).
 */
final class AuditLabels {

    enum Kind {
        MEMBER_STATE,
        CONSULTATION,
        PROPOSAL_TITLE,
        PROPOSAL_SUMMARY,
        COMMENT_TEXT,
        COMMENT_AUTHOR,
        BALLOT,
        /** Whether a state's current ballot carries an explanation of vote: never its text. */
        BALLOT_EXPLAINED,
        /** A consultation's phase as its events so far left it: the phase its next change of phase comes from. */
        PHASE
    }

    /** Ids match {@code [a-z0-9-]+}, are UUIDs or member-state codes, so they never contain the separator. */
    private static final String KEY_SEPARATOR = "/";
    private static final List<String> LABEL_COLUMNS = List.of("kind", "label_key", "label");

    private final JdbcClient db;
    private final JdbcTemplate jdbc;
    private final Cache<String, Optional<String>> earlierBatches;
    /**
     * Whether {@link #earlierBatches} holds every label written since the trail was emptied, so that a label it does
     * not hold is not stored either: from a reset (a rebuild's first look-ups all miss) until it drops one or the
     * earlier batches are forgotten.
     */
    private volatile boolean rememberingAll;
    /** Labels are read and written by the audit processor's handlers, always within a batch. */
    private final BatchState<BatchMemory> batchMemory;

    AuditLabels(JdbcClient db, JdbcTemplate jdbc, long kept) {
        this.db = db;
        this.jdbc = jdbc;
        this.earlierBatches = Caffeine.newBuilder().maximumSize(kept)
                .<String, Optional<String>>evictionListener((key, label, cause) -> rememberingAll = false)
                .build();
        // A committed batch's labels, as stored now, hold for the next batches.
        this.batchMemory = BatchState.of(AuditLabels.class.getName() + ".batch", BatchMemory::new)
                .afterCommit(memory -> earlierBatches.putAll(memory.known));
    }

    private record Label(Kind kind, String key, String text) {
    }

    /** One batch's labels: as stored or to be stored, those still to write, and the current event's. */
    private static final class BatchMemory {
        private final Map<String, Optional<String>> known = new HashMap<>();
        private final Map<String, Label> unwritten = new LinkedHashMap<>();
        private final Map<String, Label> writtenByEvent = new LinkedHashMap<>();
        /** The labels this batch has written to the table already. */
        private final Set<String> stored = new HashSet<>();
    }

    static String key(String... parts) {
        return String.join(KEY_SEPARATOR, parts);
    }

    Optional<String> find(Kind kind, String key) {
        if (key == null) {
            return Optional.empty();
        }
        BatchMemory memory = batchMemory.current();
        String id = memoryKey(kind, key);
        Label written = memory.writtenByEvent.get(id);
        if (written != null) {
            return Optional.of(written.text());
        }
        Optional<String> known = memory.known.get(id);
        if (known == null) {
            known = earlierBatches.getIfPresent(id);
        }
        if (known != null) {
            return known;
        }
        if (rememberingAll) {
            memory.known.put(id, Optional.empty());
            return Optional.empty();
        }
        Optional<String> label = db.sql("select label from audit_label where kind = ? and label_key = ?")
                .params(kind.name(), key)
                .query(String.class)
                .optional();
        memory.known.put(id, label);
        return label;
    }

    String get(Kind kind, String key, String fallback) {
        return find(kind, key).orElse(fallback);
    }

    void put(Kind kind, String key, String label) {
        if (key == null || label == null) {
            return;
        }
        batchMemory.current().writtenByEvent.put(memoryKey(kind, key), new Label(kind, key, label));
    }

    /** Called before each event: whatever an earlier, failed event wrote is forgotten. */
    void startEvent() {
        batchMemory.current().writtenByEvent.clear();
    }

    /** Called once an event is recorded: its labels now belong to the batch. */
    void keepEventsLabels() {
        BatchMemory memory = batchMemory.current();
        memory.writtenByEvent.forEach((id, label) -> {
            memory.known.put(id, Optional.of(label.text()));
            memory.unwritten.put(id, label);
        });
        memory.writtenByEvent.clear();
    }

    /**
     * Writes the batch's labels: one batch of updates, then one of inserts for those not stored yet; a label known
     * not to be stored yet ({@link #rememberingAll}) is inserted straight away. Only the audit processor writes here,
     * one batch at a time, so update-or-insert needs no locking.
     */
    void write() {
        BatchMemory memory = batchMemory.current();
        if (memory.unwritten.isEmpty()) {
            return;
        }
        List<Label> maybeStored = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        memory.unwritten.forEach((id, label) -> {
            if (rememberingAll && !memory.stored.contains(id) && !storedEarlier(id)) {
                inserts.add(new Object[]{label.kind().name(), label.key(), label.text()});
            } else {
                maybeStored.add(label);
            }
        });
        int[] updated = Rows.batch(jdbc, "update audit_label set label = ? where kind = ? and label_key = ?",
                maybeStored.stream().map(label -> new Object[]{label.text(), label.kind().name(), label.key()})
                        .toList());
        for (int i = 0; i < maybeStored.size(); i++) {
            if (updated[i] == 0) {
                Label label = maybeStored.get(i);
                inserts.add(new Object[]{label.kind().name(), label.key(), label.text()});
            }
        }
        if (!inserts.isEmpty()) {
            Rows.insert(jdbc, "audit_label", LABEL_COLUMNS, inserts);
        }
        memory.stored.addAll(memory.unwritten.keySet());
        memory.unwritten.clear();
    }

    private boolean storedEarlier(String id) {
        Optional<String> earlier = earlierBatches.getIfPresent(id);
        return earlier != null && earlier.isPresent();
    }

    void forgetEarlierBatches() {
        rememberingAll = false;
        earlierBatches.invalidateAll();
    }

    void clear() {
        db.sql("delete from audit_label").update();
        if (BatchState.inABatch()) {
            BatchMemory memory = batchMemory.current();
            memory.known.clear();
            memory.unwritten.clear();
        }
        forgetEarlierBatches();
        rememberingAll = true;
    }

    private static String memoryKey(Kind kind, String key) {
        return kind.name() + KEY_SEPARATOR + key;
    }
}
