package org.iom.idm.record;

import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.record.OfficialRecord.AuditHead;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The audit entry of a consultation's decision. The chain is append-only, so its position and hash, once written,
 * never change; the entry's role is the one the decision was recorded in.
 */
@Component
class DecisionEntries {

    private final JdbcClient db;

    DecisionEntries(JdbcClient db) {
        this.db = db;
    }

    record DecisionEntry(AuditHead head, String role) {
    }

    /** Empty until the audit processor has recorded the decision. */
    Optional<DecisionEntry> of(String consultationId) {
        return db.sql("""
                        select event_position, hash, actor_role from audit_entry
                        where consultation_id = ? and event_type = ? order by event_position fetch first 1 rows only""")
                .params(consultationId, DecisionRecorded.class.getSimpleName())
                .query((rs, row) -> new DecisionEntry(new AuditHead(rs.getLong("event_position"), rs.getString("hash")),
                        rs.getString("actor_role")))
                .optional();
    }
}
