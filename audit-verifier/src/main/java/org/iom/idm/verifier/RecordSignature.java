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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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
                Map<String, String> fields;
                try {
                    fields = FlatJson.parse(line);
                } catch (FlatJson.SyntaxError e) {
                    throw new Unreadable(export + ": " + e.getMessage());
                }
                if (String.valueOf(position).equals(fields.get("position"))) {
                    return fields.get("hash");
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
            Json reader = new Json(text);
            Object value = reader.value();
            reader.skipSpace();
            if (!(value instanceof Map<?, ?>) || reader.at < text.length()) {
                throw new Unreadable(file + ": not one JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) value;
            return object;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new Unreadable(file + ": not JSON: " + e.getMessage());
        }
    }

    /** Just enough JSON for the record and its signature: objects, arrays, strings, numbers, true, false, null. */
    private static final class Json {

        private final String text;
        private int at;

        Json(String text) {
            this.text = text;
        }

        Object value() {
            skipSpace();
            char c = text.charAt(at);
            if (c == '{') {
                return object();
            }
            if (c == '[') {
                return array();
            }
            if (c == '"') {
                return string();
            }
            for (String word : List.of("true", "false", "null")) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return "null".equals(word) ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("unexpected '" + c + "' at " + at);
            }
            return new BigDecimal(text.substring(start, at));
        }

        private Map<String, Object> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (text.charAt(at) == '}') {
                at++;
                return fields;
            }
            do {
                skipSpace();
                String name = string();
                skipSpace();
                expect(':');
                if (fields.containsKey(name)) {
                    throw new IllegalArgumentException("\"" + name + "\" appears twice");
                }
                fields.put(name, value());
                skipSpace();
            } while (consume(','));
            expect('}');
            return fields;
        }

        private List<Object> array() {
            List<Object> items = new ArrayList<>();
            at++;
            skipSpace();
            if (text.charAt(at) == ']') {
                at++;
                return items;
            }
            do {
                items.add(value());
                skipSpace();
            } while (consume(','));
            expect(']');
            return items;
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            for (char c = text.charAt(at++); c != '"'; c = text.charAt(at++)) {
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> value.append(escaped);
                }
            }
            return value.toString();
        }

        void skipSpace() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private boolean consume(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at);
            }
        }
    }
}
