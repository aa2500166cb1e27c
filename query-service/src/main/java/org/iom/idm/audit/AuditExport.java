package org.iom.idm.audit;

import org.iom.idm.audit.AuditQueries.AuditEntry;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The audit trail as a file: CSV for spreadsheets or JSON Lines for programs, written entry by entry. */
final class AuditExport {

    enum Format {
        CSV("text/csv;charset=UTF-8"),
        JSONL("application/x-ndjson");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        String mediaType() {
            return mediaType;
        }

        String fileName() {
            return "idm-audit." + name().toLowerCase(Locale.ROOT);
        }

        /** Null (no format asked for) means CSV. */
        static Format of(String format) {
            if (format == null) {
                return CSV;
            }
            for (Format candidate : values()) {
                if (candidate.name().equalsIgnoreCase(format.trim())) {
                    return candidate;
                }
            }
            throw new RuleViolation(ErrorCode.VALIDATION_FAILED, "'format' must be one of "
                    + Arrays.stream(values()).map(value -> value.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")) + "; got '" + format + "'");
        }
    }

    /** Writes entries to the response as they come; flushed page by page. */
    interface Sink extends AutoCloseable {

        void write(AuditEntry entry) throws IOException;

        void flush() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** The UTF-8 byte order mark: without it, spreadsheets read UTF-8 CSV as a legacy code page. */
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String CRLF = "\r\n";
    /**
     * A cell starting with one of these is a formula to a spreadsheet, as is one starting with a fullwidth or small
     * form of them (the same character after NFKC normalisation); a leading apostrophe keeps it text.
     */
    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final CsvMapper CSV = CsvMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private static final CsvSchema COLUMNS = CsvSchema.builder()
            .addColumn("position", CsvSchema.ColumnType.NUMBER)
            .addColumn("timestamp")
            .addColumn("type")
            .addColumn("aggregateId")
            .addColumn("consultationId")
            .addColumn("actor")
            .addColumn("role")
            .addColumn("memberState")
            .addColumn("correlationId")
            .addColumn("summary")
            .addColumn("before")
            .addColumn("after")
            .addColumn("hash")
            .addColumn("previousHash")
            .build()
            .withHeader()
            .withLineSeparator(CRLF);

    private AuditExport() {
    }

    static Sink open(Format format, OutputStream out, JsonMapper json) throws IOException {
        return format == Format.CSV ? csv(out) : jsonLines(out, json);
    }

    /** RFC 4180: a header row, CRLF line ends, fields quoted where needed with quotes doubled; UTF-8 with a BOM. */
    private static Sink csv(OutputStream out) throws IOException {
        out.write(BOM);
        SequenceWriter rows = CSV.writer(COLUMNS).writeValues(out);
        return new Sink() {
            @Override
            public void write(AuditEntry entry) {
                rows.write(new Object[]{entry.position(), text(entry.timestamp()), cell(entry.type()),
                        cell(entry.aggregateId()), cell(entry.consultationId()), cell(entry.actor()),
                        cell(entry.role()), cell(entry.memberState()), cell(entry.correlationId()),
                        cell(entry.summary()), cell(entry.before()), cell(entry.after()), entry.hash(),
                        entry.previousHash()});
            }

            @Override
            public void flush() throws IOException {
                rows.flush();
                out.flush();
            }

            @Override
            public void close() throws IOException {
                rows.close();
                out.flush();
            }
        };
    }

    /**
     * One JSON object per line, as {@code /api/audit} shows an entry, with its {@code canonical} form added so that
     * anyone can recompute the chain from the file alone (docs/audit-chain.md).
     */
    private static Sink jsonLines(OutputStream out, JsonMapper json) {
        byte[] newline = "\n".getBytes(StandardCharsets.UTF_8);
        return new Sink() {
            @Override
            public void write(AuditEntry entry) throws IOException {
                ObjectNode line = json.valueToTree(entry);
                line.put("canonical", entry.canonical());
                out.write(json.writeValueAsBytes(line));
                out.write(newline);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String cell(String value) {
        return value != null && !value.isEmpty() && startsAFormula(value) ? "'" + value : value;
    }

    private static boolean startsAFormula(String value) {
        String first = Normalizer.normalize(value.substring(0, Character.charCount(value.codePointAt(0))),
                Normalizer.Form.NFKC);
        return !first.isEmpty() && FORMULA_STARTS.indexOf(first.charAt(0)) >= 0;
    }
}
