package org.iom.idm.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hash chain of an audit export (docs/audit-chain.md), recomputed line by line: each line's {@code position}
 * is greater than the line before's; it has both the store's event ({@code canonical}) and the trail's entry
 * ({@code hash}); its {@code previousHash} is that line's {@code hash} ({@code GENESIS} on the first line); its
 * {@code hash} is lower-case hex SHA-256 of UTF-8({@code previousHash + "\n" + canonical}); and the columns the
 * trail displays are what the canonical form says.
 */
final class ExportChain {

    static final String GENESIS = "GENESIS";

    /** What the export shows. */
    sealed interface Outcome {
    }

    /** Every line holds: {@code head} is the last line's hash, or GENESIS for an empty export. */
    record Verified(long entries, String head) implements Outcome {
    }

    /** The first line that does not hold, by its position, and why. */
    record Failed(long position, String reason) implements Outcome {
    }

    /** A line that is not an export line at all: the file is not an export, or not whole. */
    static final class Unreadable extends Exception {

        Unreadable(long lineNumber, String message) {
            super("line " + lineNumber + ": " + message);
        }
    }

    /** A displayed column and where the canonical form holds its value: metaData or payload, by name. */
    private record Column(String name, String part, String key) {
    }

    private static final List<Column> DISPLAYED = List.of(
            new Column("type", null, "type"),
            new Column("aggregateId", null, "aggregateId"),
            new Column("actor", "metaData", "actor"),
            new Column("role", "metaData", "role"),
            new Column("memberState", "metaData", "memberState"),
            new Column("correlationId", "metaData", "correlationId"),
            new Column("consultationId", "payload", "consultationId"));

    private ExportChain() {
    }

    /** Reads the lines to the end or to the first that fails; blank lines are no entries. */
    static Outcome verify(BufferedReader export) throws IOException, Unreadable {
        long lineNumber = 0;
        long entries = 0;
        Long lastPosition = null;
        String lastHash = GENESIS;
        for (String text = export.readLine(); text != null; text = export.readLine()) {
            lineNumber++;
            if (text.isBlank()) {
                continue;
            }
            Line line = Line.parse(lineNumber, text);
            long position = line.position();
            if (lastPosition != null && position <= lastPosition) {
                return new Failed(position, "position " + position + " does not follow position " + lastPosition
                        + " (the positions do not increase)");
            }
            if (line.canonical() == null) {
                return new Failed(position, "the trail has an entry here but the event store has no event");
            }
            if (line.hash() == null) {
                return new Failed(position, "the event store has an event here but the trail has no entry");
            }
            if (!lastHash.equals(line.previousHash())) {
                return new Failed(position, "previousHash " + line.previousHash() + " is not the previous "
                        + "entry's hash " + lastHash);
            }
            String recomputed = link(lastHash, line.canonical());
            if (!line.hash().equals(recomputed)) {
                return new Failed(position, "hash " + line.hash() + " does not recompute from the canonical "
                        + "form and the previous hash (recomputed " + recomputed + ")");
            }
            String displayed = displayedDiffers(lineNumber, line);
            if (displayed != null) {
                return new Failed(position, displayed);
            }
            entries++;
            lastPosition = position;
            lastHash = recomputed;
        }
        return new Verified(entries, lastHash);
    }

    /** lower-hex SHA-256 of UTF-8(previousHash + "\n" + canonical). */
    static String link(String previousHash, String canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest((previousHash + "\n" + canonical)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Why a column the trail displays is not what the hashed event says, or null when every one is. */
    private static String displayedDiffers(long lineNumber, Line line) throws Unreadable {
        Map<String, Object> event;
        try {
            event = Json.parseObject(line.canonical());
        } catch (Json.SyntaxError e) {
            throw new Unreadable(lineNumber, "the canonical form is not a JSON object: " + e.getMessage());
        }
        if (!(event.get("position") instanceof BigDecimal hashed) || hashed.longValue() != line.position()) {
            return "the canonical form is of position " + event.get("position") + ", not " + line.position();
        }
        Object hashedTime = event.get("timestamp");
        if (!sameInstant(line.fields().get("timestamp"), hashedTime)) {
            return "the displayed timestamp " + line.fields().get("timestamp") + " is not the event's " + hashedTime;
        }
        for (Column column : DISPLAYED) {
            Object source = column.part() == null ? event : event.get(column.part());
            Object expected = source instanceof Map<?, ?> values ? values.get(column.key()) : null;
            Object shown = line.fields().get(column.name());
            if (!Objects.equals(shown, expected == null ? null : expected.toString())) {
                return "the displayed " + column.name() + " " + quoted(shown) + " is not the event's "
                        + quoted(expected);
            }
        }
        return null;
    }

    private static boolean sameInstant(Object shown, Object hashed) {
        try {
            return shown instanceof String a && hashed instanceof String b
                    && Instant.parse(a).truncatedTo(ChronoUnit.MILLIS).equals(Instant.parse(b));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String quoted(Object value) {
        return value == null ? "null" : "'" + value + "'";
    }

    /** The fields of a line that the chain needs, and all of them for the displayed columns. */
    private record Line(long position, String hash, String previousHash, String canonical, Map<String, Object> fields) {

        static Line parse(long lineNumber, String text) throws Unreadable {
            Map<String, Object> fields;
            try {
                fields = Json.parseObject(text);
            } catch (Json.SyntaxError e) {
                throw new Unreadable(lineNumber, "not a JSON object: " + e.getMessage());
            }
            if (!fields.containsKey("position") || !fields.containsKey("hash") || !fields.containsKey("canonical")) {
                throw new Unreadable(lineNumber, "no \"position\", \"hash\" or \"canonical\" (is this a JSON Lines "
                        + "audit export, GET /api/audit/export?format=jsonl, without filters?)");
            }
            if (!(fields.get("position") instanceof BigDecimal position) || position.scale() > 0) {
                throw new Unreadable(lineNumber, "position " + fields.get("position") + " is not a whole number");
            }
            return new Line(position.longValue(), text(lineNumber, fields, "hash"),
                    text(lineNumber, fields, "previousHash"), text(lineNumber, fields, "canonical"), fields);
        }

        private static String text(long lineNumber, Map<String, Object> fields, String name) throws Unreadable {
            Object value = fields.get(name);
            if (value != null && !(value instanceof String)) {
                throw new Unreadable(lineNumber, "\"" + name + "\" is not a string");
            }
            return (String) value;
        }
    }
}
