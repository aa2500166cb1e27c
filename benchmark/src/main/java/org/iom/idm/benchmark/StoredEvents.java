package org.iom.idm.benchmark;

import org.axonframework.serialization.Revision;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.harness.ServiceApi;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Writes events straight into the event store ({@code domain_event_entry}) in the services' own format: the
 * events are the services' records serialized with Jackson 3, with their revision, the actor metadata, the
 * aggregate's sequence numbers and a global index from the store's sequence. {@link #checkFormat} compares that
 * format with rows that the command service wrote, so that the replay reads what the services would have written.
 */
final class StoredEvents {

    /** The aggregate type of a consultation's stream (ballots and proposals belong to it). */
    static final String CONSULTATION_TYPE = "Consultation";
    /** Rows per transaction (and JDBC batch) when writing. */
    private static final int ROWS_PER_TRANSACTION = 1000;
    /** Per generated consultation: created, two proposals, voting opened, then each state casts and changes. */
    private static final int BALLOT_ROUNDS = 2;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final List<Class<?>> WRITTEN_TYPES = List.of(ConsultationCreated.class, ProposalSubmitted.class,
            VotingOpened.class, BallotCast.class, BallotChanged.class);

    private final Database database;

    StoredEvents(Database database) {
        this.database = database;
    }

    record Count(long events, long maxGlobalIndex) {
    }

    Count count() {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement(
                     "select count(*), coalesce(max(global_index), 0) from domain_event_entry");
             ResultSet result = query.executeQuery()) {
            result.next();
            return new Count(result.getLong(1), result.getLong(2));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the stored events: " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless each type this class writes is stored by the command service exactly as this class would write
     * it: same payload type, revision, JSON bytes, and metadata keys.
     */
    void checkFormat() {
        String sql = "select payload_type, payload_revision, payload, meta_data, type from domain_event_entry "
                + "where payload_type = ? order by global_index desc";
        try (Connection connection = database.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setMaxRows(1);
            for (Class<?> type : WRITTEN_TYPES) {
                query.setString(1, type.getName());
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("no " + type.getSimpleName() + " in the event store to compare"
                                + " the generated events with");
                    }
                    String stored = new String(row.getBytes("payload"), StandardCharsets.UTF_8);
                    String regenerated = ServiceApi.JSON.writeValueAsString(ServiceApi.JSON.readValue(stored, type));
                    Map<?, ?> metaData = ServiceApi.JSON.readValue(row.getBytes("meta_data"), Map.class);
                    boolean same = stored.equals(regenerated) && revision(type).equals(row.getString("payload_revision"))
                            && CONSULTATION_TYPE.equals(row.getString("type"))
                            && metaData.keySet().containsAll(List.of("actor", "role", "correlationId"));
                    if (!same) {
                        throw new IllegalStateException("the services store " + type.getSimpleName() + " as "
                                + stored + " (revision " + row.getString("payload_revision") + ", type "
                                + row.getString("type") + ", metadata " + metaData + "); the benchmark would write "
                                + regenerated + " (revision " + revision(type) + ")");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event store: " + e.getMessage(), e);
        }
    }

    /**
     * Appends {@code count} events: consultations named {@code replay-<run>-<n>} with their proposals, voting and
     * the ballots of {@code states}.
     */
    void write(long count, String runId, List<String> states) {
        String insert = "insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, "
                + "sequence_number, type, payload_type, payload_revision, payload, meta_data, time_stamp) values ("
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Properties driver = new Properties();
        // PostgreSQL sends a batch as multi-row inserts; H2 ignores the setting.
        driver.setProperty("reWriteBatchedInserts", "true");
        try (Connection connection = database.connect(driver);
             PreparedStatement statement = connection.prepareStatement(insert);
             PreparedStatement lock = connection.prepareStatement(database.takeTheAppendLock());
             PreparedStatement moveCounter = connection.prepareStatement(
                     "update event_append_order set last_index = ? where id = 1")) {
            connection.setAutoCommit(false);
            long written = 0;
            long globalIndex = 0;
            for (int n = 0; written < count; n++) {
                String consultationId = "replay-" + runId + "-" + n;
                List<Object> stream = consultationStream(consultationId, states);
                for (int sequence = 0; sequence < stream.size() && written < count; sequence++) {
                    if (written % ROWS_PER_TRANSACTION == 0) {
                        // Each transaction numbers its events on from the store's counter, under its lock.
                        try (ResultSet last = lock.executeQuery()) {
                            last.next();
                            globalIndex = last.getLong(1);
                        }
                    }
                    Object event = stream.get(sequence);
                    statement.setLong(1, ++globalIndex);
                    statement.setString(2, UUID.randomUUID().toString());
                    statement.setString(3, consultationId);
                    statement.setLong(4, sequence);
                    statement.setString(5, CONSULTATION_TYPE);
                    statement.setString(6, event.getClass().getName());
                    statement.setString(7, revision(event.getClass()));
                    statement.setBytes(8, ServiceApi.JSON.writeValueAsBytes(event));
                    statement.setBytes(9, ServiceApi.JSON.writeValueAsBytes(metaData(event)));
                    statement.setString(10, TIMESTAMP.format(Instant.now()));
                    statement.addBatch();
                    written++;
                    if (written % ROWS_PER_TRANSACTION == 0 || written == count) {
                        statement.executeBatch();
                        moveCounter.setLong(1, globalIndex);
                        moveCounter.executeUpdate();
                        connection.commit();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write events into the store: " + e.getMessage(), e);
        }
    }

    /** The events of one consultation, in stream order. */
    private static List<Object> consultationStream(String id, List<String> states) {
        List<Object> events = new ArrayList<>();
        events.add(new ConsultationCreated(id, "Replay " + id, "Which theme?", null, 1, null, null));
        String first = id + "-climate";
        String second = id + "-diasporas";
        events.add(new ProposalSubmitted(id, first, "Migration and Climate Change", "Replayed proposal.",
                Proposer.ADMINISTRATION));
        events.add(new ProposalSubmitted(id, second, "Engaging Diasporas", "Replayed proposal.", Proposer.ADMINISTRATION));
        events.add(new VotingOpened(id, states.size(), states.size() / 2 + 1));
        for (int round = 0; round < BALLOT_ROUNDS; round++) {
            for (int s = 0; s < states.size(); s++) {
                List<String> choice = List.of((s + round) % 2 == 0 ? first : second);
                events.add(round == 0
                        ? new BallotCast(id, states.get(s), choice, false)
                        : new BallotChanged(id, states.get(s), choice, false));
            }
        }
        return events;
    }

    /** Who did it, as the command service records it: the secretariat, the chair or the state's delegate. */
    private static Map<String, String> metaData(Object event) {
        Map<String, String> metaData = new LinkedHashMap<>();
        String role;
        if (event instanceof BallotCast cast) {
            metaData.put("actor", ServiceApi.delegate(cast.memberState()));
            metaData.put("memberState", cast.memberState());
            role = "DELEGATE";
        } else if (event instanceof BallotChanged changed) {
            metaData.put("actor", ServiceApi.delegate(changed.memberState()));
            metaData.put("memberState", changed.memberState());
            role = "DELEGATE";
        } else if (event instanceof VotingOpened) {
            metaData.put("actor", ServiceApi.CHAIR);
            role = "CHAIR";
        } else {
            metaData.put("actor", ServiceApi.SECRETARIAT);
            role = "SECRETARIAT";
        }
        metaData.put("correlationId", UUID.randomUUID().toString());
        metaData.put("role", role);
        return metaData;
    }

    private static String revision(Class<?> type) {
        Revision revision = type.getAnnotation(Revision.class);
        return revision == null ? null : revision.value();
    }
}
