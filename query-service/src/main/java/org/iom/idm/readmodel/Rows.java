package org.iom.idm.readmodel;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/** Conversions between read-model columns and Java values that both H2 and PostgreSQL accept. */
public final class Rows {

    private static final String ID_SEPARATOR = ",";

    private Rows() {
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** Ids never contain the separator: they match {@code [a-z0-9-]+} or are UUIDs. */
    public static String joinIds(List<String> ids) {
        return ids == null ? null : String.join(ID_SEPARATOR, ids);
    }

    /**
     * Runs {@code sql} once for each row, in one JDBC batch, and tells how many rows each run changed. Each value is
     * bound as it is: JdbcTemplate's batch looks up how to bind every single value, which costs more than the
     * projections' batches of a rebuild take to compute.
     */
    public static int[] batch(JdbcTemplate jdbc, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return jdbc.execute(sql, (PreparedStatement statement) -> {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    /**
     * Inserts {@code rows} (values of {@code columns}, in order) into {@code table}: on PostgreSQL with one
     * {@code COPY ... FROM STDIN}, which costs the database and the driver far less per row than a batch of
     * inserts; elsewhere with {@link #batch}. Values are numbers, texts, {@link OffsetDateTime}s or null.
     */
    public static void insert(JdbcTemplate jdbc, String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (connection.isWrapperFor(PGConnection.class)) {
                copy(connection.unwrap(PGConnection.class), table, columns, rows);
            } else {
                batch(jdbc, "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                        + String.join(", ", columns.stream().map(column -> "?").toList()) + ")", rows);
            }
            return null;
        });
    }

    private static void copy(PGConnection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        CopyIn copy = connection.getCopyAPI().copyIn("copy " + table + " (" + String.join(", ", columns)
                + ") from stdin");
        try {
            // Each row's line is made on its own: the lines of a rebuild's page in parallel, sent in order.
            for (byte[] line : rows.parallelStream().map(Rows::line).toList()) {
                copy.writeToCopy(line, 0, line.length);
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static byte[] line(Object[] row) {
        StringBuilder line = new StringBuilder(2048);
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            text(line, row[i]);
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A value in COPY's text format: null is {@code \N}; in a text, the backslash, the column separator (tab) and
     * line ends are escaped. (Not CSV: there a line of a quoted text holding only "\." would end the data.)
     */
    private static void text(StringBuilder line, Object value) {
        if (value == null) {
            line.append("\\N");
        } else if (value instanceof Number || value instanceof Boolean) {
            line.append(value);
        } else if (value instanceof OffsetDateTime time) {
            line.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
        } else if (value instanceof String text) {
            if (!needsEscapes(text)) {
                line.append(text);
                return;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\\' -> line.append("\\\\");
                    case '\t' -> line.append("\\t");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    default -> line.append(c);
                }
            }
        } else {
            throw new IllegalArgumentException("no COPY text for " + value.getClass().getName());
        }
    }

    private static boolean needsEscapes(String text) {
        return text.indexOf('\\') >= 0 || text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
    }

    public static List<String> splitIds(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(ID_SEPARATOR));
    }
}
