package org.iom.idm.verifier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditVerifierMainTest {

    /** Gaps in the positions, as the store leaves them; texts that need JSON escapes, non-ASCII and beyond the BMP. */
    private static final long[] POSITIONS = {3, 4, 7, 8, 12};
    private static final String[] COMMENTS = {"Türkiye supports", "Côte d'Ivoire: \"reservations\"\nsee note",
            "back\\slash and tab\t", "emoji 🌍 and €", "plain"};

    @TempDir
    Path folder;

    @Test
    void anIntactExportVerifies() throws IOException {
        List<String> lines = export();

        VerifierRun run = verify(lines);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("verified 5 entries, head " + hashOf(lines.get(4)) + "\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anEmptyFileVerifiesZeroEntriesWithTheGenesisHead() throws IOException {
        VerifierRun run = verify(List.of());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("verified 0 entries, head GENESIS\n");
    }

    @Test
    void aSingleEntryIsCountedInTheSingular() throws IOException {
        VerifierRun run = verify(export().subList(0, 1));

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("verified 1 entry, head ");
    }

    @Test
    void aChangedCanonicalIsFoundAtItsPosition() throws IOException {
        List<String> lines = new ArrayList<>(export());
        lines.set(2, lines.get(2).replace("\\\\slash", "\\\\slosh"));

        VerifierRun run = verify(lines);

        assertFailedAt(run, 7, "does not recompute");
    }

    @Test
    void aChangedHashIsFoundAtItsPosition() throws IOException {
        List<String> lines = new ArrayList<>(export());
        String hash = hashOf(lines.get(1));
        lines.set(1, lines.get(1).replace("\"hash\":\"" + hash, "\"hash\":\"" + "0".repeat(64)));

        VerifierRun run = verify(lines);

        assertFailedAt(run, 4, "does not recompute");
    }

    @Test
    void aLineRemovedFromTheMiddleIsFoundAtTheLineThatFollowedIt() throws IOException {
        List<String> lines = new ArrayList<>(export());
        lines.remove(2);

        VerifierRun run = verify(lines);

        assertFailedAt(run, 8, "is not the previous entry's hash");
    }

    @Test
    void twoSwappedLinesAreFoundAtTheFirstOfThemInTheFile() throws IOException {
        List<String> lines = new ArrayList<>(export());
        Collections.swap(lines, 1, 2);

        VerifierRun run = verify(lines);

        assertFailedAt(run, 7, "is not the previous entry's hash");
    }

    @Test
    void positionsThatDoNotIncreaseAreFound() throws IOException {
        List<String> lines = new ArrayList<>(export());
        lines.set(3, lines.get(3).replace("\"position\":8,", "\"position\":7,"));

        VerifierRun run = verify(lines);

        assertFailedAt(run, 7, "do not increase");
    }

    @Test
    void aDisplayedColumnThatIsNotWhatTheHashedEventSaysIsFoundAtItsPosition() throws IOException {
        List<String> lines = new ArrayList<>(export());
        lines.set(3, lines.get(3).replace("\"actor\":\"delegate-tur\",\"role\"", "\"actor\":\"someone-else\",\"role\""));

        VerifierRun run = verify(lines);

        assertFailedAt(run, 8, "the displayed actor 'someone-else' is not the event's 'delegate-tur'");
    }

    @Test
    void aDisplayedTimeThatIsNotTheEventsIsFoundAtItsPosition() throws IOException {
        List<String> lines = new ArrayList<>(export());
        lines.set(0, lines.get(0).replace("\"timestamp\":\"2026-05-01T10:00:00.123Z\",\"type\"",
                "\"timestamp\":\"2026-05-01T10:00:01.123Z\",\"type\""));

        VerifierRun run = verify(lines);

        assertFailedAt(run, 3, "the displayed timestamp");
    }

    @Test
    void anEntryWithoutItsEventInTheStoreIsFoundAtItsPosition() throws IOException {
        List<String> lines = new ArrayList<>(export());
        lines.set(4, lines.get(4).replaceAll("\"canonical\":\".*\"}$", "\"canonical\":null}"));

        VerifierRun run = verify(lines);

        assertFailedAt(run, 12, "the event store has no event");
    }

    @Test
    void anEventWithoutItsEntryInTheTrailIsFoundAtItsPosition() throws IOException {
        List<String> lines = new ArrayList<>(export());
        lines.set(2, lines.get(2).replaceAll("\"hash\":\"[0-9a-f]{64}\",\"previousHash\":\"[0-9a-f]{64}\"",
                "\"hash\":null,\"previousHash\":null"));

        VerifierRun run = verify(lines);

        assertFailedAt(run, 7, "the trail has no entry");
    }

    @Test
    void aFileThatCannotBeReadExitsWith2() {
        VerifierRun run = VerifierRun.of(folder.resolve("missing.jsonl").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("cannot read ");
    }

    @Test
    void aFileThatIsNotAJsonLinesExportExitsWith2() throws IOException {
        assertUnparsable(List.of("position,timestamp,type,hash,previousHash"), "line 1: not a JSON object");
        assertUnparsable(List.of("{\"position\":1,\"hash\":\"a\",\"previousHash\":\"GENESIS\"}"),
                "line 1: no \"position\", \"hash\" or \"canonical\"");
        assertUnparsable(List.of("{\"position\":1,\"hash\":true,\"previousHash\":\"GENESIS\",\"canonical\":\"{}\"}"),
                "line 1: \"hash\" is not a string");
        List<String> twoHashes = new ArrayList<>(export());
        twoHashes.set(1, "{\"hash\":\"" + "0".repeat(64) + "\"," + twoHashes.get(1).substring(1));
        assertUnparsable(twoHashes, "line 2: not a JSON object: \"hash\" appears twice");
        assertUnparsable(List.of("{\"position\":1.5,\"hash\":\"a\",\"previousHash\":\"GENESIS\",\"canonical\":\"{}\"}"),
                "line 1: position 1.5 is not a whole number");
    }

    @Test
    void bytesThatAreNotUtf8ExitWith2() throws IOException {
        Path file = folder.resolve("latin1.jsonl");
        Files.write(file, export().get(0).getBytes(StandardCharsets.ISO_8859_1)); // "Türkiye" in Latin-1

        VerifierRun run = VerifierRun.of(file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("not UTF-8");
    }

    @Test
    void withoutExactlyOneFileItShowsHowToUseItAndExitsWith2() {
        VerifierRun run = VerifierRun.of();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("usage: java -jar audit-verifier.jar <export.jsonl>");
    }

    // ---- fixtures ----

    /**
     * An export as the query service writes it: the trail's display fields, then hash, previousHash and canonical.
     * Odd lines escape everything beyond ASCII as \\uXXXX, even ones write it as it is; JSON allows both.
     */
    private static List<String> export() {
        List<String> lines = new ArrayList<>();
        String previousHash = ExportChain.GENESIS;
        for (int i = 0; i < POSITIONS.length; i++) {
            String canonical = "{\"aggregateId\":\"c1\",\"eventId\":\"e" + i + "\",\"metaData\":{\"actor\":"
                    + "\"delegate-tur\",\"memberState\":\"TUR\",\"role\":\"DELEGATE\"},\"payload\":{"
                    + "\"consultationId\":\"c1\",\"text\":" + quote(COMMENTS[i], false) + "},\"position\":"
                    + POSITIONS[i] + ",\"sequence\":" + i + ",\"timestamp\":\"2026-05-0" + (i + 1)
                    + "T10:00:00.123Z\",\"type\":\"CommentAdded\"}";
            String hash = ExportChain.link(previousHash, canonical);
            boolean escapeAll = i % 2 == 1;
            lines.add("{\"position\":" + POSITIONS[i] + ",\"timestamp\":\"2026-05-0" + (i + 1) + "T10:00:00.123Z\","
                    + "\"type\":\"CommentAdded\",\"aggregateId\":\"c1\",\"consultationId\":\"c1\","
                    + "\"actor\":\"delegate-tur\",\"role\":\"DELEGATE\",\"memberState\":\"TUR\",\"correlationId\":null,"
                    + "\"summary\":" + quote("Comment: " + COMMENTS[i], escapeAll) + ",\"before\":null,\"after\":null,"
                    + "\"hash\":\"" + hash + "\",\"previousHash\":\"" + previousHash + "\",\"canonical\":"
                    + quote(canonical, escapeAll) + "}");
            previousHash = hash;
        }
        return lines;
    }

    private static String quote(String text, boolean escapeAll) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> json.append(c < 0x20 || (escapeAll && c > 0x7e) ? String.format("\\u%04x", (int) c)
                        : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }

    private static String hashOf(String line) {
        int start = line.indexOf("\"hash\":\"") + "\"hash\":\"".length();
        return line.substring(start, start + 64);
    }

    private VerifierRun verify(List<String> lines) throws IOException {
        Path file = folder.resolve("export.jsonl");
        Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return VerifierRun.of(file.toString());
    }

    private static void assertFailedAt(VerifierRun run, long position, String reason) {
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("failed at position " + position + ": ").contains(reason);
    }

    private void assertUnparsable(List<String> lines, String message) throws IOException {
        VerifierRun run = verify(lines);
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(message);
    }
}
