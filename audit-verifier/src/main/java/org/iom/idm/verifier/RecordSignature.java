package org.iom.idm.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * An official record and its signature (CONTRACT §7, GET /api/consultations/{cid}/record and /record/signature):
 * the Ed25519 signature in the signature file verifies over the record file's exact bytes with the public key it
 * names (base64 X.509); the record's {@code auditHead} is the signature's; and the verified export holds an entry at
 * that position with that hash, so the record is tied to the chain. Compare the public key with the installation's
 * ({@code GET /api/record-key}) to know who signed.
 */
final class RecordSignature {

    private static final String ALGORITHM = "Ed25519";

    /** What the record and its signature show. */
    sealed interface Outcome {
    }

    /** The signature holds, and so does the audit head it names. */
    record Verified(long position, String hash) implements Outcome {
    }

    record Failed(String reason) implements Outcome {
    }

    /** A file that is not a record or a signature at all. */
    static final class Unreadable extends Exception {

        Unreadable(String message) {
            super(message);
        }
    }

    private RecordSignature() {
    }

    static Outcome check(Path record, Path signatureFile, Path export) throws IOException, Unreadable {
        byte[] content = Files.readAllBytes(record);
        Map<String, Object> signature = object(signatureFile, Files.readAllBytes(signatureFile));
        String algorithm = text(signatureFile, signature, "algorithm");
        if (!ALGORITHM.equals(algorithm)) {
            throw new Unreadable(signatureFile + ": algorithm " + algorithm + ", not " + ALGORITHM);
        }
        if (!verifies(content, text(signatureFile, signature, "publicKey"), text(signatureFile, signature, "signature"),
                signatureFile)) {
            return new Failed("the signature in " + signatureFile + " does not verify over the bytes of " + record
                    + " (the record was changed, or signed with another key)");
        }
        Map<String, Object> signedHead = head(signatureFile, signature);
        Map<String, Object> recordHead = head(record, object(record, content));
        if (!signedHead.equals(recordHead)) {
            return new Failed("the record's auditHead " + recordHead + " is not the signature's " + signedHead);
        }
        long position = ((BigDecimal) signedHead.get("position")).longValueExact();
        String hash = (String) signedHead.get("hash");
        String inExport = hashAt(export, position);
        if (!hash.equals(inExport)) {
            return new Failed("the record's audit head " + hash + " at position " + position + " is not in the export"
                    + (inExport == null ? " (no entry at that position)" : " (its entry there has " + inExport + ")"));
        }
        return new Verified(position, hash);
    }

    private static boolean verifies(byte[] content, String publicKey, String signature, Path file) throws Unreadable {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new Unreadable(file + ": the public key or the signature is not base64 " + ALGORITHM + ": " + e);
        }
    }

    /** The hash of the export's entry at {@code position}, or null; the chain itself was verified before. */
    private static String hashAt(Path export, long position) throws IOException, Unreadable {
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> fields;
                try {
                    fields = Json.parseObject(line);
                } catch (Json.SyntaxError e) {
                    throw new Unreadable(export + ": " + e.getMessage());
                }
                if (fields.get("position") instanceof BigDecimal at && at.longValue() == position) {
                    return fields.get("hash") instanceof String hash ? hash : null;
                }
            }
        }
        return null;
    }

    private static Map<String, Object> head(Path file, Map<String, Object> document) throws Unreadable {
        if (!(document.get("auditHead") instanceof Map<?, ?> head) || !(head.get("position") instanceof BigDecimal)
                || !(head.get("hash") instanceof String)) {
            throw new Unreadable(file + ": no \"auditHead\" {\"position\", \"hash\"}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) head;
        return fields;
    }

    private static String text(Path file, Map<String, Object> document, String name) throws Unreadable {
        if (!(document.get(name) instanceof String value)) {
            throw new Unreadable(file + ": no \"" + name + "\" string");
        }
        return value;
    }

    private static Map<String, Object> object(Path file, byte[] content) throws Unreadable {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable(file + ": not UTF-8");
        }
        try {
            return Json.parseObject(text);
        } catch (Json.SyntaxError e) {
            throw new Unreadable(file + ": not one JSON object: " + e.getMessage());
        }
    }
}
