package org.iom.idm.audit;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Optional;

/**
 * The audit processor's own memory of what later entries name: member-state names, consultation and proposal
 * titles, comment texts and authors, each state's current ballot. It is kept in step by the audit processor's
 * handlers alone, so the audit never depends on how far another read model has got, and is rebuilt with it.
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

    private final JdbcClient db;

    AuditLabels(JdbcClient db) {
        this.db = db;
    }

    static String key(String... parts) {
        return String.join(KEY_SEPARATOR, parts);
    }

    Optional<String> find(Kind kind, String key) {
        if (key == null) {
            return Optional.empty();
        }
        return db.sql("select label from audit_label where kind = ? and label_key = ?")
                .params(kind.name(), key)
                .query(String.class)
                .optional();
    }

    String get(Kind kind, String key, String fallback) {
        return find(kind, key).orElse(fallback);
    }

    /** Only the audit processor writes here, one event at a time, so update-or-insert needs no locking. */
    void put(Kind kind, String key, String label) {
        if (key == null || label == null) {
            return;
        }
        int updated = db.sql("update audit_label set label = ? where kind = ? and label_key = ?")
                .params(label, kind.name(), key)
                .update();
        if (updated == 0) {
            db.sql("insert into audit_label (kind, label_key, label) values (?, ?, ?)")
                    .params(kind.name(), key, label)
                    .update();
        }
    }

    void clear() {
        db.sql("delete from audit_label").update();
    }
}
