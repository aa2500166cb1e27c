package org.iom.idm.verifier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --record} and {@code --signature}: the record's signature and its audit head, checked with the export. */
class RecordSignatureTest {

    @TempDir
    Path folder;

    private KeyPair key;
    private Path export;
    private final List<String> hashes = new ArrayList<>();

    @BeforeEach
    void exportOfThreeEntries() throws Exception {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        List<String> lines = new ArrayList<>();
        String previous = ExportChain.GENESIS;
        for (int position = 1; position <= 3; position++) {
            String at = "2026-05-0" + position + "T10:00:00Z";
            String canonical = "{\"aggregateId\":null,\"eventId\":\"e" + position + "\",\"metaData\":{},"
                    + "\"payload\":{},\"position\":" + position + ",\"sequence\":null,\"timestamp\":\"" + at
                    + "\",\"type\":\"T" + position + "\"}";
            String hash = ExportChain.link(previous, canonical);
            lines.add("{\"position\":" + position + ",\"timestamp\":\"" + at + "\",\"type\":\"T" + position
                    + "\",\"hash\":\"" + hash + "\",\"previousHash\":\"" + previous + "\",\"canonical\":\""
                    + canonical.replace("\"", "\\\"") + "\"}");
            hashes.add(hash);
            previous = hash;
        }
        export = Files.write(folder.resolve("export.jsonl"), lines);
    }

    @Test
    void aSignedRecordWhoseHeadIsInTheExportVerifies() throws Exception {
        byte[] record = record(2, hashes.get(1));

        VerifierRun run = verify(record, signature(record, 2, hashes.get(1)));

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("verified 3 entries, head " + hashes.get(2) + "\n"
                + "record signature verified, audit head 2 " + hashes.get(1) + "\n");
    }

    @Test
    void oneChangedByteOfTheRecordIsRefused() throws Exception {
        byte[] record = record(2, hashes.get(1));
        String signature = signature(record, 2, hashes.get(1));
        int at = new String(record, StandardCharsets.UTF_8).indexOf("Migración") + 1;
        record[at] = (byte) (record[at] ^ 1);

        VerifierRun run = verify(record, signature);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).endsWith("record failed: the signature in " + folder.resolve("signature.json")
                + " does not verify over the bytes of " + folder.resolve("record.json")
                + " (the record was changed, or signed with another key)\n");
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        byte[] record = record(2, hashes.get(1));
        String signature = signature(record, 2, hashes.get(1));
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String otherKey = signature.replaceAll("\"publicKey\":\"[^\"]*\"", "\"publicKey\":\""
                + Base64.getEncoder().encodeToString(key.getPublic().getEncoded()) + "\"");

        assertThat(verify(record, otherKey).exit()).isEqualTo(1);
    }

    @Test
    void aSignatureNamingAnotherAuditHeadThanTheRecordIsRefused() throws Exception {
        byte[] record = record(2, hashes.get(1));

        VerifierRun run = verify(record, signature(record, 3, hashes.get(2)));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("record failed: the record's auditHead");
    }

    @Test
    void aRecordWhoseHeadIsNotInTheExportIsRefused() throws Exception {
        byte[] record = record(2, "0".repeat(64));

        VerifierRun run = verify(record, signature(record, 2, "0".repeat(64)));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("is not in the export (its entry there has " + hashes.get(1) + ")");
    }

    @Test
    void aRecordWithoutItsSignatureIsAUsageError() throws Exception {
        Path record = Files.write(folder.resolve("record.json"), record(2, hashes.get(1)));

        VerifierRun run = VerifierRun.of(export.toString(), "--record", record.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("usage:");
    }

    @Test
    void aSignatureFileThatIsNotJsonIsUnreadable() throws Exception {
        VerifierRun run = verify(record(2, hashes.get(1)), "not json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("cannot parse");
    }

    /** A record in its canonical form, texts beyond ASCII included. */
    private static byte[] record(long position, String hash) {
        return ("{\"auditHead\":{\"hash\":\"" + hash + "\",\"position\":" + position + "},\"consultation\":"
                + "{\"question\":\"Migración \\\"o\\\" œuvre?\"},\"votes\":[{\"abstain\":true,\"choices\":[]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private String signature(byte[] record, long position, String hash) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(record);
        return "{\"algorithm\":\"Ed25519\",\"publicKey\":\"" + Base64.getEncoder().encodeToString(
                key.getPublic().getEncoded()) + "\",\"signature\":\"" + Base64.getEncoder().encodeToString(
                signer.sign()) + "\",\"auditHead\":{\"position\":" + position + ",\"hash\":\"" + hash + "\"}}";
    }

    private VerifierRun verify(byte[] record, String signature) throws Exception {
        Path recordFile = Files.write(folder.resolve("record.json"), record);
        Path signatureFile = Files.writeString(folder.resolve("signature.json"), signature);
        return VerifierRun.of(export.toString(), "--record", recordFile.toString(), "--signature", signatureFile.toString());
    }

}
