package org.iom.idm.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.EndToEndSystemTest.body;

/**
 * CONTRACT §7 on PostgreSQL: every kind of tampering is found at its position. Each test changes the event store or
 * the audit trail in one way, straight in the database, checks that GET /api/audit/verify fails at the position it
 * changed and that the independent verifier (the audit-verifier jar, as an outsider runs it) fails at the same
 * position on the export of that state; then undoes the change and checks that both verify again.
 */
@ExtendWith(SystemUnderTestExtension.class)
@EnabledIfSystemProperty(named = TestDatabase.PROPERTY, matches = "postgres(ql)?",
        disabledReason = "the tamper suite belongs to the PostgreSQL run (system-tests/pom.xml)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTamperSystemTest {

    private static final String SECRETARIAT = "secretariat";
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private SystemUnderTest system;
    private Api api;
    private Path exports;
    /** Positions of this class's own events in the middle of the trail: a proposal's submission and a comment. */
    private long proposalSubmitted;
    private long commentAdded;

    @BeforeAll
    void aConsultationWithSomeHistory(SystemUnderTest system) throws Exception {
        this.system = system;
        this.api = system.api();
        exports = Files.createTempDirectory(system.dataDir(), "tamper-");
        String cid = "tamper-" + UUID.randomUUID().toString().substring(0, 8);
        api.post(SECRETARIAT, "/api/consultations", body("id", cid, "title", "Tamper suite " + cid,
                "question", "Which theme?")).expect(201);
        String pid = api.post(SECRETARIAT, "/api/consultations/" + cid + "/proposals",
                body("title", "Migration and Tamper-Evidence", "summary", "Kept as it was.")).expect(201)
                .path("id").asString();
        api.post("observer", "/api/consultations/" + cid + "/proposals/" + pid + "/comments",
                body("text", "A comment that follows")).expect(201);
        api.post(SECRETARIAT, "/api/consultations/" + cid + "/proposals",
                body("title", "The newest proposal", "summary", "Last of all.")).expect(201);
        try (Connection db = system.database().connect()) {
            proposalSubmitted = position(db, cid, "%ProposalSubmitted", 0);
            commentAdded = position(db, cid, "%CommentAdded", 0);
        }
        awaitVerified();
        assertIntact();
    }

    @Test
    void aChangedPayloadValueIsFoundAtItsEvent() throws Exception {
        tamperWithBytes("payload", proposalSubmitted, "Migration and Tamper-Evidence", "Migration and Tamper-Proofing");
    }

    @Test
    void aChangedMetadataFieldIsFoundAtItsEvent() throws Exception {
        tamperWithBytes("meta_data", commentAdded, "\"observer\"", "\"chair\"");
    }

    @Test
    void theNewestEventDeletedIsFoundAtItsPosition() throws Exception {
        try (Connection db = system.database().connect()) {
            deleteAndRestoreEvent(db, single(db, "select max(global_index) from domain_event_entry"));
        }
    }

    @Test
    void anEventDeletedFromTheMiddleIsFoundAtItsPosition() throws Exception {
        try (Connection db = system.database().connect()) {
            deleteAndRestoreEvent(db, proposalSubmitted);
        }
    }

    @Test
    void twoEventsSwappedInOrderAreFoundAtTheFirstOfThem() throws Exception {
        try (Connection db = system.database().connect()) {
            long later = single(db, "select min(global_index) from domain_event_entry where global_index > "
                    + proposalSubmitted);
            swap(db, proposalSubmitted, later);
            try {
                assertFoundAt(proposalSubmitted);
            } finally {
                swap(db, proposalSubmitted, later);
            }
        }
        assertIntact();
    }

    @Test
    void aChangedDisplayedColumnOfTheTrailIsFoundAtItsEntry() throws Exception {
        try (Connection db = system.database().connect()) {
            String actor = text(db, "select actor from audit_entry where event_position = " + commentAdded);
            update(db, "update audit_entry set actor = 'someone-else' where event_position = ?", commentAdded);
            try {
                assertFoundAt(commentAdded);
            } finally {
                try (PreparedStatement restore = db.prepareStatement(
                        "update audit_entry set actor = ? where event_position = ?")) {
                    restore.setString(1, actor);
                    restore.setLong(2, commentAdded);
                    assertThat(restore.executeUpdate()).isEqualTo(1);
                }
            }
        }
        assertIntact();
    }

    @Test
    void anEmptiedTrailIsFoundAtTheFirstEventOfTheStore() throws Exception {
        try (Connection db = system.database().connect()) {
            long first = single(db, "select min(global_index) from domain_event_entry");
            update(db, "create table audit_entry_kept as select * from audit_entry");
            try {
                update(db, "delete from audit_entry");
                assertFoundAt(first);
            } finally {
                update(db, "insert into audit_entry select * from audit_entry_kept");
                update(db, "drop table audit_entry_kept");
            }
        }
        assertIntact();
    }

    // ---- changes and their undoing ----

    /** Replaces text inside a serialized column of one event, then puts the original bytes back. */
    private void tamperWithBytes(String column, long position, String from, String to) throws Exception {
        try (Connection db = system.database().connect()) {
            byte[] original = bytes(db, column, position);
            String text = new String(original, StandardCharsets.UTF_8);
            assertThat(text).as("%s of the event at %s", column, position).contains(from);
            setBytes(db, column, position, text.replace(from, to).getBytes(StandardCharsets.UTF_8));
            try {
                assertFoundAt(position);
            } finally {
                setBytes(db, column, position, original);
            }
        }
        assertIntact();
    }

    private void deleteAndRestoreEvent(Connection db, long position) throws Exception {
        update(db, "create table event_kept as select * from domain_event_entry where global_index = ?", position);
        try {
            assertThat(update(db, "delete from domain_event_entry where global_index = ?", position)).isEqualTo(1);
            assertFoundAt(position);
        } finally {
            update(db, "insert into domain_event_entry select * from event_kept");
            update(db, "drop table event_kept");
        }
        assertIntact();
    }

    /** Exchanges the global indexes of two events, by way of a third that no event has. */
    private static void swap(Connection db, long a, long b) throws SQLException {
        update(db, "update domain_event_entry set global_index = -1 where global_index = ?", a);
        update(db, "update domain_event_entry set global_index = ? where global_index = ?", a, b);
        update(db, "update domain_event_entry set global_index = ? where global_index = -1", b);
    }

    // ---- what the service and the outsider's verifier say ----

    private void assertFoundAt(long position) throws Exception {
        JsonNode verification = api.read(SECRETARIAT, "/api/audit/verify").expect(200);
        assertThat(verification.path("verified").asBoolean()).as("verified, tampered at %s", position).isFalse();
        assertThat(verification.path("firstMismatchPosition").asLong()).isEqualTo(position);
        Verifier outsider = outsiderVerifies();
        assertThat(outsider.exit()).as("the verifier's exit: %s", outsider.output()).isEqualTo(1);
        assertThat(outsider.output()).startsWith("failed at position " + position + ": ");
    }

    private void assertIntact() throws IOException, InterruptedException {
        JsonNode verification = api.read(SECRETARIAT, "/api/audit/verify").expect(200);
        assertThat(verification.path("verified").asBoolean()).as("verified: %s", verification).isTrue();
        Verifier outsider = outsiderVerifies();
        assertThat(outsider.exit()).as("the verifier's exit: %s", outsider.output()).isZero();
        assertThat(outsider.output()).startsWith("verified " + verification.path("entries").asLong() + " entries");
    }

    private record Verifier(int exit, String output) {
    }

    /** The export as the secretariat downloads it, checked by the verifier jar in a process of its own. */
    private Verifier outsiderVerifies() throws IOException, InterruptedException {
        Api.Response export = api.send(api.queryService(), "GET", SECRETARIAT, "/api/audit/export?format=jsonl",
                null, "application/x-ndjson");
        assertThat(export.status()).as("the export: %s", export.body()).isEqualTo(200);
        Path file = Files.createTempFile(exports, "export-", ".jsonl");
        Files.writeString(file, export.body(), StandardCharsets.UTF_8);
        Process verifier = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", SystemUnderTest.jar("idm.audit-verifier.jar").toString(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verifier.waitFor(60, TimeUnit.SECONDS)).as("the verifier ends").isTrue();
        return new Verifier(verifier.exitValue(), output);
    }

    private void awaitVerified() {
        Await.until("the audit trail to include this class's events and verify", SETTLE, () -> {
            JsonNode verification = api.read(SECRETARIAT, "/api/audit/verify").json();
            JsonNode head = api.read(SECRETARIAT, "/api/audit/head").json();
            try (Connection db = system.database().connect()) {
                return verification.path("verified").asBoolean()
                        && head.path("position").asLong() == single(db, "select max(global_index) from domain_event_entry");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    // ---- SQL ----

    private static long position(Connection db, String cid, String payloadType, int nth) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select global_index from domain_event_entry "
                + "where aggregate_identifier = ? and payload_type like ? order by global_index offset ? limit 1")) {
            query.setString(1, cid);
            query.setString(2, payloadType);
            query.setInt(3, nth);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("a %s event of %s", payloadType, cid).isTrue();
                return rows.getLong(1);
            }
        }
    }

    private static long single(Connection db, String sql) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    private static String text(Connection db, String sql) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static byte[] bytes(Connection db, String column, long position) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select " + column
                + " from domain_event_entry where global_index = ?")) {
            query.setLong(1, position);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getBytes(1);
            }
        }
    }

    private static void setBytes(Connection db, String column, long position, byte[] value) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("update domain_event_entry set " + column
                + " = ? where global_index = ?")) {
            update.setBytes(1, value);
            update.setLong(2, position);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static int update(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        }
    }
}
