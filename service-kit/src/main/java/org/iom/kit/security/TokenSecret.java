package org.iom.kit.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The secret that signs the access tokens (CONTRACT §7: never a constant in the code). {@code IDM_TOKEN_SECRET}
 * when it is set; else, in the demo only, the one kept in the data folder, made at the first start: every demo
 * install has its own, and both services, and the next start, read the same one. Outside the demo there is none,
 * and {@link AccessTokens} refuses to start.
 */
final class TokenSecret {

    /** In the data folder ({@code IDM_DATA_DIR}). */
    static final String FILE_NAME = "token-secret";

    private static final int RANDOM_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecret() {
    }

    /** The configured secret, else the demo's from {@code dataDir}, else null (refused by {@link AccessTokens}). */
    static String of(SecurityProperties properties, Path dataDir) {
        String configured = properties.tokenSecret();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return properties.demo() ? keptIn(dataDir) : null;
    }

    /**
     * The secret in {@code dataDir}, made if there is none yet. It is written whole to a file of its own and then
     * linked under its name, which fails if another process got there first: each of two services starting at
     * once then reads the one that won, never half of one.
     */
    static String keptIn(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.notExists(file)) {
                make(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the demo's token secret in " + file
                    + " (or set IDM_TOKEN_SECRET)", e);
        }
    }

    private static void make(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] secret = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(secret);
        Path draft = Files.createTempFile(file.getParent(), "." + FILE_NAME + "-", ".tmp", ownerOnly(file));
        try {
            Files.writeString(draft, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, draft);
        } catch (FileAlreadyExistsException anotherWasFirst) {
            // the other's secret stands
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    private static String read(Path file) throws IOException {
        if (posix(file) && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
            throw new IllegalStateException(file + " may be read or changed by others than its owner: "
                    + "chmod 600 it, or delete it to have a new secret made (signing everyone out)");
        }
        String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (decodedLength(secret) < RANDOM_BYTES) {
            throw new IllegalStateException(file + " does not hold a secret of " + RANDOM_BYTES
                    + " bytes in base64: delete it to have a new one made (signing everyone out)");
        }
        return secret;
    }

    private static int decodedLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException notBase64) {
            return 0;
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        return posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
