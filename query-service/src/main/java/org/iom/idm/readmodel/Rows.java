package org.iom.idm.readmodel;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    public static List<String> splitIds(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(ID_SEPARATOR));
    }
}
