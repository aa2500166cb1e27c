package org.iom.idm.consultation;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

/**
 * Consultations as the earlier version stored them (written by {@link EarlierVersionFixtureWriter}): their event
 * rows, byte for byte, and one snapshot row, put back into an event store as that version left them.
 */
final class EarlierVersionFixture {

    static final String RESOURCE = "fixtures/consultation-v1-events.json";
    /** Through OPEN, VOTING and CLOSED to DECIDED. */
    static final String DECIDED = "fixture-v1-decided";
    /** Left in VOTING; its snapshot, taken after its last event, is in the fixture. */
    static final String VOTING = "fixture-v1-voting";
    /** Left OPEN. */
    static final String OPEN = "fixture-v1-open";
    static final List<String> COLUMNS = List.of("event_identifier", "aggregate_identifier", "sequence_number", "type",
            "payload_type", "payload_revision", "time_stamp");
    static final List<String> BYTE_COLUMNS = List.of("payload", "meta_data");

    private final JsonNode rows;

    private EarlierVersionFixture(JsonNode rows) {
        this.rows = rows;
    }

    static EarlierVersionFixture load() {
        try (InputStream in = EarlierVersionFixture.class.getResourceAsStream("/" + RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            return new EarlierVersionFixture(JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores the consultation's rows as they were; its events take the store's next global indexes, in order, each
     * moving the store's counter on as the command service does.
     */
    void storeInto(JdbcTemplate jdbc, String consultationId) {
        String columns = String.join(", ", COLUMNS) + ", " + String.join(", ", BYTE_COLUMNS);
        String values = String.join(", ", Collections.nCopies(COLUMNS.size() + BYTE_COLUMNS.size(), "?"));
        store(jdbc, consultationId, "events", "insert into domain_event_entry (global_index, " + columns
                + ") values ((select last_index + 1 from event_append_order where id = 1), " + values + ")");
        store(jdbc, consultationId, "snapshots", "insert into snapshot_event_entry (" + columns + ") values ("
                + values + ")");
    }

    private void store(JdbcTemplate jdbc, String consultationId, String table, String insert) {
        for (JsonNode row : rows.path(table)) {
            if (row.path("aggregate_identifier").asString().equals(consultationId)) {
                jdbc.update(insert, values(row));
                if (table.equals("events")) {
                    jdbc.update("update event_append_order set last_index = last_index + 1 where id = 1");
                }
            }
        }
    }

    /** The sequence number of the stored snapshot of the consultation. */
    long snapshotSequence(String consultationId) {
        for (JsonNode row : rows.path("snapshots")) {
            if (row.path("aggregate_identifier").asString().equals(consultationId)) {
                return Long.parseLong(row.path("sequence_number").asString());
            }
        }
        throw new IllegalStateException("no snapshot of " + consultationId + " in " + RESOURCE);
    }

    /** The member states whose delegates acted in the fixture, in the order they first did. */
    List<String> memberStates() {
        return rows.path("events").valueStream()
                .map(row -> JsonMapper.builder().build().readTree(row.path("meta_data").asString())
                        .path("memberState").asString(null))
                .filter(state -> state != null)
                .distinct()
                .toList();
    }

    private static Object[] values(JsonNode row) {
        Object[] values = new Object[COLUMNS.size() + BYTE_COLUMNS.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
            JsonNode value = row.path(COLUMNS.get(i));
            values[i] = value.isNull() ? null : value.asString();
        }
        for (int i = 0; i < BYTE_COLUMNS.size(); i++) {
            values[COLUMNS.size() + i] = row.path(BYTE_COLUMNS.get(i)).asString().getBytes(StandardCharsets.UTF_8);
        }
        return values;
    }
}
