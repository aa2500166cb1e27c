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

/**
 * {@code java -jar audit-verifier.jar <export.jsonl>} ({@code -} reads standard input): exit 0 with
 * {@code verified <count> entries, head <hash>}; exit 1 with the first position that fails; exit 2 when the file
 * cannot be read or is not an export.
 */
public final class AuditVerifierMain {

    static final int VERIFIED = 0;
    static final int FAILED = 1;
    static final int UNREADABLE = 2;

    private AuditVerifierMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: java -jar audit-verifier.jar <export.jsonl>   (- reads standard input)");
            return UNREADABLE;
        }
        String name = args[0];
        try (BufferedReader export = open(name)) {
            ExportChain.Outcome outcome = ExportChain.verify(export);
            if (outcome instanceof ExportChain.Verified verified) {
                out.println("verified " + verified.entries() + (verified.entries() == 1 ? " entry" : " entries")
                        + ", head " + verified.head());
                return VERIFIED;
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

    /** Strict UTF-8: a byte that is not UTF-8 is an error, never silently replaced (the hashes cover UTF-8). */
    private static BufferedReader open(String name) throws IOException {
        if ("-".equals(name)) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        }
        return Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8);
    }
}
