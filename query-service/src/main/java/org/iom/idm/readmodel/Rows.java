package org.iom.idm.readmodel;

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

    public static List<String> splitIds(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(ID_SEPARATOR));
    }
}
