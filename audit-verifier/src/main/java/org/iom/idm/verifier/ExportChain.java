package org.iom.idm.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The hash chain of an audit export (docs/audit-chain.md), recomputed line by line: each line's {@code position}
 * is greater than the line before's, its {@code previousHash} is that line's {@code hash} ({@code GENESIS} on the
 * first line), and its {@code hash} is lower-case hex SHA-256 of UTF-8({@code previousHash + "\n" + canonical}).
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
            if (lastPosition != null && line.position() <= lastPosition) {
                return new Failed(line.position(), "position " + line.position() + " does not follow position "
                        + lastPosition + " (the positions do not increase)");
            }
            if (!line.previousHash().equals(lastHash)) {
                return new Failed(line.position(), "previousHash " + line.previousHash() + " is not the previous "
                        + "entry's hash " + lastHash);
            }
            String recomputed = link(lastHash, line.canonical());
            if (!line.hash().equals(recomputed)) {
                return new Failed(line.position(), "hash " + line.hash() + " does not recompute from the canonical "
                        + "form and the previous hash (recomputed " + recomputed + ")");
            }
            entries++;
            lastPosition = line.position();
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

    /** The fields of a line that the chain needs; the others are the trail's display and are not checked. */
    private record Line(long position, String hash, String previousHash, String canonical) {

        static Line parse(long lineNumber, String text) throws Unreadable {
            Map<String, String> fields;
            try {
                fields = FlatJson.parse(text);
            } catch (FlatJson.SyntaxError e) {
                throw new Unreadable(lineNumber, "not a JSON object of strings, numbers and nulls: " + e.getMessage());
            }
            String position = required(lineNumber, fields, "position");
            try {
                return new Line(Long.parseLong(position), required(lineNumber, fields, "hash"),
                        required(lineNumber, fields, "previousHash"), required(lineNumber, fields, "canonical"));
            } catch (NumberFormatException e) {
                throw new Unreadable(lineNumber, "position " + position + " is not a whole number");
            }
        }

        private static String required(long lineNumber, Map<String, String> fields, String name) throws Unreadable {
            String value = fields.get(name);
            if (value == null) {
                throw new Unreadable(lineNumber, "no \"" + name + "\" (is this a JSON Lines audit export, "
                        + "GET /api/audit/export?format=jsonl, without filters?)");
            }
            return value;
        }
    }
}
