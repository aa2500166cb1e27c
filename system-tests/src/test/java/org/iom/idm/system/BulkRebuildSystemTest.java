package org.iom.idm.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk rebuild on PostgreSQL (issue 16), with the services' jars: after the rich scenario, every read-model table
 * holds exactly the rows the live processors wrote, the audit trail's hashes included, and the trail still verifies
 * against the event store, also once more events have chained onto the rebuilt one.
 */
@ExtendWith(SystemUnderTestExtension.class)
@EnabledIfSystemProperty(named = TestDatabase.PROPERTY, matches = "postgres(ql)?",
        disabledReason = "it reads the tables straight from PostgreSQL (system-tests/pom.xml)")
class BulkRebuildSystemTest {

    private static final String SECRETARIAT = "secretariat";
    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(120);
    /** The query service's read models (its migrations make them); the projection tests list the schema's others. */
    private static final List<String> READ_MODELS = List.of("consultation_view", "consultation_proposal",
            "consultation_circulation", "silence_break", "proposal_version", "proposal_comment",
            "proposal_comment_version", "member_state_view", "accreditation", "accreditation_withdrawn",
            "tally_consultation", "tally_round", "tally_proposal", "ballot_view", "ballot_choice", "audit_entry",
            "audit_label");

    @Test
    void aBulkRebuildWritesEveryReadModelTableRowForRowAsTheLiveProcessorsDid(SystemUnderTest system)
            throws SQLException {
        Api api = system.api();
        RichScenario scenario = RichScenario.create(api);
        accreditAndWithdraw(api);
        String escaped = commentThatCopyMustEscape(api);
        try (Connection db = system.database().connect()) {
            long head = awaitSettled(api, db);
            Map<String, List<List<String>>> live = rows(db);
            assertThat(entriesShowing(db, escaped)).as("the comment's text in its audit entry, character for character")
                    .isEqualTo(1);
            live.forEach((table, rows) -> assertThat(rows).as("rows of %s", table).isNotEmpty());

            rebuild(api);

            assertThat(awaitSettled(api, db)).as("the store's head: nothing appended meanwhile").isEqualTo(head);
            Map<String, List<List<String>>> rebuilt = rows(db);
            live.forEach((table, rows) -> assertThat(rebuilt.get(table)).as("rows of %s", table).isEqualTo(rows));
            assertVerified(api);

            scenario.reinstate(api);
            RichScenario.create(api);
            awaitSettled(api, db);
            assertVerified(api);
        }
    }

    /** An adviser accredited, then withdrawn: the rich scenario leaves the roster's history empty. */
    private static void accreditAndWithdraw(Api api) {
        String user = "bulk-rebuild-adviser-" + UUID.randomUUID().toString().substring(0, 8);
        api.post(SECRETARIAT, "/api/member-states/NOR/accreditations", Map.of("user", user, "capacity", "ADVISER"))
                .expect(201);
        api.post(SECRETARIAT, "/api/member-states/NOR/accreditations/" + user + "/withdraw",
                Map.of("reason", "Left the delegation")).expect2xx();
    }

    /**
     * A comment whose text holds what COPY's text format escapes (backslash, tab, line ends), a line that would end
     * COPY's CSV data, quotes and characters beyond ASCII; returns the text.
     */
    private static String commentThatCopyMustEscape(Api api) {
        String text = "Tab\there, back\\slash \\N, \"quoted\" 'single'\r\n\\.\nÉtats membres — 移民 😀";
        String cid = RichScenario.consultation(api, "bulk-rebuild-escapes-" + UUID.randomUUID().toString()
                .substring(0, 8), "Escapes", null);
        String pid = RichScenario.propose(api, "secretariat", cid, "Escapes", "Texts COPY must escape.");
        RichScenario.comment(api, "delegate-ken", cid, pid, text, null);
        return text;
    }

    private static void rebuild(Api api) {
        JsonNode rebuild = api.send(api.queryService(), "POST", SECRETARIAT, "/api/admin/projections/rebuild", null,
                "application/json").expect(202);
        assertThat(rebuild.path("processingGroups")).isNotEmpty();
    }

    private static void assertVerified(Api api) {
        JsonNode verification = api.read(SECRETARIAT, "/api/audit/verify").expect(200);
        assertThat(verification.path("verified").asBoolean()).as("%s", verification).isTrue();
    }

    /**
     * Waits until no rebuild runs and every processor runs, without error, with each segment at the store's head;
     * returns the head.
     */
    private static long awaitSettled(Api api, Connection db) {
        long[] head = {0};
        JsonNode[] last = new JsonNode[1];
        try {
            Await.until("every processor at the store's head", REBUILD_TIMEOUT, () -> {
                head[0] = single(db, "select coalesce(max(global_index), 0) from domain_event_entry");
                last[0] = api.read(SECRETARIAT, "/api/admin/projections").expect(200);
                for (JsonNode processor : last[0]) {
                    String rebuild = processor.path("rebuild").path("state").asString("");
                    assertThat(rebuild).as("the rebuild: %s", processor).isNotEqualTo("FAILED");
                    boolean settled = processor.path("running").asBoolean() && !processor.path("error").asBoolean()
                            && !rebuild.equals("RUNNING") && !processor.path("segments").isEmpty();
                    for (JsonNode segment : processor.path("segments")) {
                        settled &= segment.path("position").asLong(-1) >= head[0];
                    }
                    if (!settled) {
                        return false;
                    }
                }
                return true;
            });
        } catch (AssertionError timeout) {
            throw new AssertionError(timeout.getMessage() + "; the last status: " + last[0], timeout);
        }
        return head[0];
    }

    /** Each read model's rows in the order of its primary key, each value as text. */
    private static Map<String, List<List<String>>> rows(Connection db) throws SQLException {
        Map<String, List<List<String>>> tables = new LinkedHashMap<>();
        for (String table : READ_MODELS) {
            List<List<String>> rows = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement("select * from " + table + " order by "
                    + String.join(", ", primaryKey(db, table)));
                 ResultSet result = query.executeQuery()) {
                ResultSetMetaData columns = result.getMetaData();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int column = 1; column <= columns.getColumnCount(); column++) {
                        Object value = result.getObject(column);
                        row.add(columns.getColumnName(column) + "=" + (value instanceof byte[] bytes
                                ? HexFormat.of().formatHex(bytes) : String.valueOf(value)));
                    }
                    rows.add(row);
                }
            }
            tables.put(table, rows);
        }
        return tables;
    }

    private static List<String> primaryKey(Connection db, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (ResultSet columns = db.getMetaData().getPrimaryKeys(null, "public", table)) {
            Map<Integer, String> bySequence = new TreeMap<>();
            while (columns.next()) {
                bySequence.put(columns.getInt("KEY_SEQ"), columns.getString("COLUMN_NAME"));
            }
            key.addAll(bySequence.values());
        }
        assertThat(key).as("the primary key of %s", table).isNotEmpty();
        return key;
    }

    private static long entriesShowing(Connection db, String after) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select count(*) from audit_entry where after_state = ?")) {
            query.setString(1, after);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static long single(Connection db, String sql) {
        try (PreparedStatement query = db.prepareStatement(sql); ResultSet result = query.executeQuery()) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
