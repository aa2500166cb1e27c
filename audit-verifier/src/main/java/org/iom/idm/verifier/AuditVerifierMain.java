package org.iom.idm.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar audit-verifier.jar <export.jsonl> [--record record.json --signature signature.json]} ({@code -}
 * reads the export from standard input): exit 0 with {@code verified <count> entries, head <hash>} (and, with a
 * record, {@code record signature verified, audit head <position> <hash>}); exit 1 with the first position that
 * fails, or why the record's signature or audit head does not hold; exit 2 when a file cannot be read or is not
 * what it should be.
 */
public final class AuditVerifierMain {

    static final int VERIFIED = 0;
    static final int FAILED = 1;
    static final int UNREADABLE = 2;
    private static final String RECORD = "--record";
    private static final String SIGNATURE = "--signature";

    private AuditVerifierMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = options(args);
        if (options == null || (options.containsKey(RECORD) != options.containsKey(SIGNATURE))
                || (options.containsKey(RECORD) && "-".equals(args[0]))) {
            err.println("usage: java -jar audit-verifier.jar <export.jsonl> [--record record.json --signature "
                    + "signature.json]   (- reads the export from standard input, without a record)");
            return UNREADABLE;
        }
        String name = args[0];
        try (BufferedReader export = open(name)) {
            ExportChain.Outcome outcome = ExportChain.verify(export);
            if (outcome instanceof ExportChain.Verified verified) {
                out.println("verified " + verified.entries() + (verified.entries() == 1 ? " entry" : " entries")
                        + ", head " + verified.head());
                return options.containsKey(RECORD) ? checkRecord(options, Path.of(name), out, err) : VERIFIED;
            }
            ExportChain.Failed failed = (ExportChain.Failed) outcome;
            out.println("failed at position " + failed.position() + ": " + failed.reason());
            return FAILED;
        } catch (CharacterCodingException e) {
            err.println("cannot read " + name + ": not UTF-8");
        } catch (IOException e) {
            err.println("cannot read " + name + ": " + e);
        } catch (ExportChain.Unreadable e) {
            err.println("cannot parse " + name + ", " + e.getMessage());
        }
        return UNREADABLE;
    }

    /** The export, then {@code --record} and {@code --signature} once each; null for anything else. */
    private static Map<String, String> options(String[] args) {
        if (args.length % 2 == 0) {
            return null;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!Set.of(RECORD, SIGNATURE).contains(args[i]) || options.put(args[i], args[i + 1]) != null) {
                return null;
            }
        }
        return options;
    }

    private static int checkRecord(Map<String, String> options, Path export, PrintStream out, PrintStream err) {
        try {
            RecordSignature.Outcome outcome = RecordSignature.check(Path.of(options.get(RECORD)),
                    Path.of(options.get(SIGNATURE)), export);
            if (outcome instanceof RecordSignature.Verified verified) {
                out.println("record signature verified, audit head " + verified.position() + " " + verified.hash());
                return VERIFIED;
            }
            out.println("record failed: " + ((RecordSignature.Failed) outcome).reason());
            return FAILED;
        } catch (IOException e) {
            err.println("cannot read the record or its signature: " + e);
        } catch (RecordSignature.Unreadable e) {
            err.println("cannot parse " + e.getMessage());
        }
        return UNREADABLE;
    }

    /** Strict UTF-8: a byte that is not UTF-8 is an error, never silently replaced (the hashes cover UTF-8). */
    private static BufferedReader open(String name) throws IOException {
        if ("-".equals(name)) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        }
        return Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8);
    }
}
