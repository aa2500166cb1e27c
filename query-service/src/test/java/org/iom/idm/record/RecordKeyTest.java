package org.iom.idm.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The installation's record key (CONTRACT §7): made at the first start, kept, never a constant; or configured. */
class RecordKeyTest {

    private static final RecordProperties KEPT = new RecordProperties(null);

    @Test
    void twoFreshDataFoldersGetDifferentKeys(@TempDir Path one, @TempDir Path other) {
        assertThat(RecordKey.of(KEPT, one).publicKey()).isNotEqualTo(RecordKey.of(KEPT, other).publicKey());
    }

    @Test
    void theSameFolderGivesTheSameKeyAfterARestart(@TempDir Path dataDir) {
        String first = RecordKey.of(KEPT, dataDir).publicKey();

        assertThat(RecordKey.of(KEPT, dataDir).publicKey()).isEqualTo(first);
    }

    @Test
    void theKeptKeyIsReadableByItsOwnerOnly(@TempDir Path dataDir) throws Exception {
        RecordKey.of(KEPT, dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(RecordKey.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(Files.list(dataDir)).as("no draft left behind").hasSize(1);
    }

    @Test
    void aKeptKeyOthersMayReadIsRefused(@TempDir Path dataDir) throws Exception {
        RecordKey.of(KEPT, dataDir);
        Files.setPosixFilePermissions(dataDir.resolve(RecordKey.FILE_NAME), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> RecordKey.of(KEPT, dataDir)).hasMessageContaining("chmod 600");
    }

    @Test
    void aConfiguredPkcs8KeySignsAndItsPublicHalfVerifies(@TempDir Path folder) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pem = folder.resolve("record.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        Path der = folder.resolve("record.der");
        Files.write(der, pair.getPrivate().getEncoded());

        RecordKey fromPem = RecordKey.of(new RecordProperties(pem), folder.resolve("data"));
        RecordKey fromDer = RecordKey.of(new RecordProperties(der), folder.resolve("data"));

        String expected = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        assertThat(fromPem.publicKey()).isEqualTo(expected);
        assertThat(fromDer.publicKey()).isEqualTo(expected);
        byte[] content = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded())));
        verifier.update(content);
        assertThat(verifier.verify(Base64.getDecoder().decode(fromPem.sign(content)))).isTrue();
        assertThat(Files.exists(folder.resolve("data").resolve(RecordKey.FILE_NAME))).as("nothing made").isFalse();
    }

    @Test
    void aConfiguredFileThatHoldsNoKeyStopsTheStart(@TempDir Path folder) throws Exception {
        Path notAKey = folder.resolve("record.pem");
        Files.writeString(notAKey, "not a key");

        assertThatThrownBy(() -> RecordKey.of(new RecordProperties(notAKey), folder))
                .hasMessageContaining("does not hold a PKCS#8 Ed25519 private key");
    }
}
