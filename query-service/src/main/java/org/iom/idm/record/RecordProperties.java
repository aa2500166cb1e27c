package org.iom.idm.record;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * How the official record is signed. {@code keyFile} ({@code IDM_RECORD_KEY_FILE}): a PKCS#8 Ed25519 private key
 * (PEM or DER) the installation is given; when unset, the key made at the first start in the data folder
 * ({@link RecordKey#FILE_NAME}).
 */
@ConfigurationProperties("idm.record")
public record RecordProperties(Path keyFile) {
}
