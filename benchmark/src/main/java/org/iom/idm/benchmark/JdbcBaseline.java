package org.iom.idm.benchmark;

import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.harness.Pause;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The physical baseline: plain JDBC inserts into the same database, into a table shaped like the event store's
 * (its columns, keys and unique constraints, copied from it), of rows as big as a stored ballot change, by as many
 * connections at once as the command service's pool has. Once with one row per transaction, once in batches.
 */
final class JdbcBaseline {

    private static final String TABLE = "bench_baseline";
    /** The event store's own columns and types, then its keys and unique constraints. */
    private static final List<String> CREATE = List.of(
            "create table " + TABLE + " as select * from domain_event_entry where 1 = 0",
            "alter table " + TABLE + " alter column global_index set not null",
            "alter table " + TABLE + " add primary key (global_index)",
            "alter table " + TABLE + " add constraint uk_" + TABLE + "_aggregate_sequence "
                    + "unique (aggregate_identifier, sequence_number)",
            "alter table " + TABLE + " add constraint uk_" + TABLE + "_identifier unique (event_identifier)");
    private static final String INSERT = "insert into " + TABLE + " (global_index, event_identifier, "
            + "aggregate_identifier, sequence_number, type, payload_type, payload_revision, payload, meta_data, "
            + "time_stamp) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Database database;

    /** A stored ballot change: what every baseline row copies. */
    private record Sample(String aggregateIdentifier, String type, String payloadType, String revision, byte[] payload,
                          byte[] metaData) {

        int bytes() {
            return 36 + aggregateIdentifier.length() + type.length() + payloadType.length() + revision.length()
                    + payload.length + metaData.length + Instant.now().toString().length() + 2 * Long.BYTES;
        }
    }

    record Result(long rows, Duration elapsed, int connections, int rowsPerTransaction, int rowBytes) {

        double rowsPerSecond() {
            return rows / (elapsed.toNanos() / 1e9);
        }
    }

    JdbcBaseline(Database database) {
        this.database = database;
    }

    Result run(int connections, int rowsPerTransaction, Duration duration) {
        Sample sample = sample();
        recreateTable();
        AtomicLong globalIndex = new AtomicLong();
        AtomicLong rows = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int c = 0; c < connections; c++) {
            String aggregate = sample.aggregateIdentifier() + "-" + c;
            Thread thread = new Thread(() -> {
                try (Connection connection = database.connect();
                     PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    connection.setAutoCommit(rowsPerTransaction == 1);
                    long sequence = 0;
                    while (System.nanoTime() < deadline) {
                        for (int i = 0; i < rowsPerTransaction; i++) {
                            insert.setLong(1, globalIndex.incrementAndGet());
                            insert.setString(2, UUID.randomUUID().toString());
                            insert.setString(3, aggregate);
                            insert.setLong(4, sequence++);
                            insert.setString(5, sample.type());
                            insert.setString(6, sample.payloadType());
                            insert.setString(7, sample.revision());
                            insert.setBytes(8, sample.payload());
                            insert.setBytes(9, sample.metaData());
                            insert.setString(10, Instant.now().toString());
                            if (rowsPerTransaction == 1) {
                                insert.executeUpdate();
                            } else {
                                insert.addBatch();
                            }
                        }
                        if (rowsPerTransaction > 1) {
                            insert.executeBatch();
                            connection.commit();
                        }
                        rows.addAndGet(rowsPerTransaction);
                    }
                } catch (SQLException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "jdbc-baseline-" + c);
            threads.add(thread);
            thread.start();
        }
        Pause.untilEnded(threads);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        dropTable();
        if (failure.get() != null) {
            throw new IllegalStateException("the JDBC baseline failed: " + failure.get(), failure.get());
        }
        return new Result(rows.get(), elapsed, connections, rowsPerTransaction, sample.bytes());
    }

    private Sample sample() {
        String sql = "select aggregate_identifier, type, payload_type, payload_revision, payload, meta_data "
                + "from domain_event_entry where payload_type = ? order by global_index desc";
        try (Connection connection = database.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setMaxRows(1);
            query.setString(1, BallotChanged.class.getName());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no ballot change in the event store to size the baseline's rows");
                }
                return new Sample(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getBytes(5), row.getBytes(6));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a sample event: " + e.getMessage(), e);
        }
    }

    private void recreateTable() {
        dropTable();
        CREATE.forEach(this::execute);
    }

    private void dropTable() {
        execute("drop table if exists " + TABLE);
    }

    private void execute(String sql) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql.lines().findFirst().orElse(sql) + ": " + e.getMessage(), e);
        }
    }
}
