package org.iom.idm.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The installation's Ed25519 key, which signs the official records (CONTRACT §7): the configured PKCS#8 file, else
 * the one kept in the data folder, made at the first start (never a constant in the code). Made like the demo's
 * token secret: written whole to a file of its own, owner-only, then linked under its name, which fails if another
 * process got there first; each of two services starting at once then reads the one that won.
 */
public final class RecordKey {

    /** In the data folder ({@code IDM_DATA_DIR}). */
    public static final String FILE_NAME = "record-key";
    public static final String ALGORITHM = "Ed25519";

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final KeyPair keys;

    private RecordKey(KeyPair keys) {
        this.keys = keys;
    }

    /** The key in {@code keyFile} when one is configured, else the one kept in {@code dataDir}. */
    public static RecordKey of(RecordProperties properties, Path dataDir) {
        if (properties.keyFile() != null && !properties.keyFile().toString().isBlank()) {
            return read(properties.keyFile(), false);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.notExists(file)) {
                make(file);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot keep the record signing key in " + file
                    + " (or set IDM_RECORD_KEY_FILE)", e);
        }
        return read(file, true);
    }

    /** Base64 of the X.509 (SubjectPublicKeyInfo) encoding: what a verifier passes to {@code X509EncodedKeySpec}. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** Base64 of the Ed25519 signature over {@code content}. */
    public String sign(byte[] content) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(keys.getPrivate());
            signer.update(content);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the record key", e);
        }
    }

    private static void make(Path file) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        PrivateKey key = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair().getPrivate();
        String pem = PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n" + PEM_END + "\n";
        Path draft = Files.createTempFile(file.toAbsolutePath().getParent(), "." + FILE_NAME + "-", ".tmp",
                ownerOnly(file));
        try {
            Files.writeString(draft, pem, StandardCharsets.US_ASCII);
            Files.createLink(file, draft);
        } catch (FileAlreadyExistsException anotherWasFirst) {
            // the other's key stands
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    private static RecordKey read(Path file, boolean kept) {
        try {
            if (kept && posix(file) && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                throw new IllegalStateException(file + " may be read or changed by others than its owner: chmod 600 "
                        + "it (deleting it has a new key made, and records signed before no longer verify with it)");
            }
            PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(file)));
            return new RecordKey(new KeyPair(publicKeyOf(key), key));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a PKCS#8 " + ALGORITHM + " private key", e);
        }
    }

    private static byte[] der(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(PEM_BEGIN)) {
            return content;
        }
        int end = text.indexOf(PEM_END);
        if (end < 0) {
            throw new IOException("no " + PEM_END + " in " + file);
        }
        return Base64.getMimeDecoder().decode(text.substring(PEM_BEGIN.length(), end));
    }

    /**
     * The JDK derives an Ed25519 public key only while generating a pair, from the 32 bytes it draws as the private
     * key: drawing the existing private key's bytes gives that key's public half (RFC 8032 §5.1.5).
     */
    private static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the private key does not reveal its bytes"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != seed.length) {
                    throw new IllegalStateException("the generator drew " + bytes.length + " bytes, not "
                            + seed.length);
                }
                System.arraycopy(seed, 0, bytes, 0, bytes.length);
            }
        });
        return generator.generateKeyPair().getPublic();
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        return posix(file.toAbsolutePath().getParent())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
