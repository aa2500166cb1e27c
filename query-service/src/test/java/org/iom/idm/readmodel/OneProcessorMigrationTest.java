package org.iom.idm.readmodel;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V16 on a database that the three processors before it (consultations, ballots, member-states) and the audit's
 * filled: the new read-models processor finds no position and empty tables, so it replays every event into them
 * once; the audit's trail and position stay as they were.
 */
class OneProcessorMigrationTest {

    private static final List<String> OLD_GROUPS = List.of("consultations", "ballots", "member-states");

    /** Every table the read-models processor writes (each projection's reset handler empties its own). */
    private static final List<String> READ_MODEL_TABLES = List.of("consultation_view", "consultation_proposal",
            "consultation_circulation", "silence_break", "proposal_version", "proposal_comment",
            "proposal_comment_version", "tally_consultation", "tally_proposal", "tally_round", "ballot_view",
            "ballot_choice", "member_state_view", "accreditation", "accreditation_withdrawn");

    /** The audit processor's tables, and one that no processor writes. */
    private static final List<String> KEPT_TABLES = List.of("audit_entry", "audit_label", "query_security_event");

    private Flyway flyway;
    private JdbcClient db;

    @BeforeEach
    void databaseAsTheFourProcessorsLeftIt() {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:one-processor-migration-"
                + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1", "sa", "");
        flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .table("flyway_history_query_service").target("15").load();
        flyway.migrate();
        db = JdbcClient.create(dataSource);
        READ_MODEL_TABLES.forEach(this::addARow);
        KEPT_TABLES.forEach(this::addARow);
        for (String group : OLD_GROUPS) {
            addToken(group, 0);
            addToken(group, 1);
            addParkedEvent(group);
        }
        addToken("audit", 0);
    }

    @Test
    void theMergedProcessorsReadModelsPositionsAndParkedEventsGoSoTheNewOneReplaysEverything() {
        flyway = Flyway.configure().configuration(flyway.getConfiguration()).target("16").load();
        flyway.migrate();

        READ_MODEL_TABLES.forEach(table -> assertThat(rows(table)).as("rows in %s", table).isZero());
        assertThat(db.sql("select processor_name from token_entry").query(String.class).list())
                .as("positions left: none of the old processors', none yet of read-models")
                .containsExactly("audit");
        assertThat(db.sql("select count(*) from dead_letter_entry").query(Long.class).single())
                .as("parked events left").isZero();
    }

    @Test
    void theAuditTrailAndItsPositionStayAsTheyWere() {
        flyway = Flyway.configure().configuration(flyway.getConfiguration()).target("16").load();
        flyway.migrate();

        KEPT_TABLES.forEach(table -> assertThat(rows(table)).as("rows in %s", table).isEqualTo(1));
        assertThat(db.sql("select segment from token_entry where processor_name = 'audit'").query(Integer.class)
                .list()).containsExactly(0);
    }

    private long rows(String table) {
        return db.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** A row with a value in each column that needs one: enough to tell whether the migration kept it. */
    private void addARow(String table) {
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        db.sql("""
                        select column_name, data_type from information_schema.columns
                        where table_name = ? and is_nullable = 'NO' and column_default is null""")
                .param(table)
                .query((rs, row) -> Map.entry(rs.getString("column_name"), rs.getString("data_type")))
                .list()
                .forEach(column -> {
                    columns.add(column.getKey());
                    values.add(sampleOf(column.getValue()));
                });
        db.sql("insert into " + table + " (" + String.join(", ", columns) + ") values ("
                        + String.join(", ", columns.stream().map(column -> "?").toList()) + ")")
                .params(values)
                .update();
    }

    private static Object sampleOf(String dataType) {
        return switch (dataType.toUpperCase(Locale.ROOT)) {
            case "INTEGER", "BIGINT" -> 1;
            case "BOOLEAN" -> true;
            case "TIMESTAMP WITH TIME ZONE" -> OffsetDateTime.parse("2026-03-02T09:00:00Z");
            case "BINARY VARYING" -> new byte[]{1};
            default -> "x";
        };
    }

    private void addToken(String processor, int segment) {
        db.sql("insert into token_entry (processor_name, segment, token_type) values (?, ?, ?)")
                .params(processor, segment, "org.axonframework.eventhandling.GlobalSequenceTrackingToken")
                .update();
    }

    private void addParkedEvent(String group) {
        db.sql("""
                        insert into dead_letter_entry (dead_letter_id, processing_group, sequence_identifier,
                            sequence_index, enqueued_at)
                        values (?, ?, ?, 0, ?)""")
                .params(UUID.randomUUID().toString(), group, "sequence-of-" + group,
                        OffsetDateTime.parse("2026-03-02T09:00:00Z"))
                .update();
    }
}
