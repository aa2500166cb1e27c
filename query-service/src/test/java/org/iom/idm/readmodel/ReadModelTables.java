package org.iom.idm.readmodel;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read models' tables, as the processors write them, and their rows as they stand. */
final class ReadModelTables {

    /** Every table the migrations make for a read model: what a rebuild must write again exactly. */
    static final List<String> READ_MODELS = List.of("consultation_view", "consultation_proposal",
            "consultation_circulation", "silence_break", "proposal_version", "proposal_comment",
            "proposal_comment_version", "member_state_view", "accreditation", "accreditation_withdrawn",
            "tally_consultation", "tally_round", "tally_proposal", "ballot_view", "ballot_choice", "audit_entry",
            "audit_label");

    /** The schema's other tables, and why a rebuild leaves them out of the comparison. */
    static final Map<String, String> NOT_READ_MODELS = Map.of(
            "token_entry", "where each processor stands, not what it projected",
            "dead_letter_entry", "events a processor parked, which a rebuild projects and drops",
            "query_security_event", "refused sign-ins and tokens, written by the web edge, not from events",
            "flyway_history_query_service", "the migrations' history",
            "domain_event_entry", "the event store itself (here in the projection tests' database)",
            "snapshot_event_entry", "the event store's snapshots");

    private final JdbcClient db;

    ReadModelTables(JdbcClient db) {
        this.db = db;
    }

    /** The schema's tables, each of which must be one or the other. */
    List<String> all() {
        return db.sql("""
                        select table_name from information_schema.tables
                        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name""")
                .query(String.class)
                .list();
    }

    /** Each read model's rows, in the order of its primary key (of all its columns if it has none). */
    Map<String, List<Map<String, Object>>> rows() {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        READ_MODELS.forEach(table -> rows.put(table,
                db.sql("select * from " + table + " order by " + orderOf(table)).query().listOfRows()));
        return rows;
    }

    private String orderOf(String table) {
        List<String> key = db.sql("""
                        select k.column_name from information_schema.table_constraints c
                        join information_schema.key_column_usage k on k.constraint_schema = c.constraint_schema
                            and k.constraint_name = c.constraint_name
                        where c.table_schema = 'public' and c.table_name = ? and c.constraint_type = 'PRIMARY KEY'
                        order by k.ordinal_position""")
                .param(table)
                .query(String.class)
                .list();
        if (!key.isEmpty()) {
            return String.join(", ", key);
        }
        return String.join(", ", db.sql("""
                        select column_name from information_schema.columns
                        where table_schema = 'public' and table_name = ? order by ordinal_position""")
                .param(table)
                .query(String.class)
                .list());
    }
}
