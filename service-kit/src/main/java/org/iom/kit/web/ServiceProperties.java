package org.iom.kit.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;

/**
 * What every service is given (idm.*): the data folder, where the demo keeps the secrets it made at its first
 * start, and the largest request body accepted ({@code idm.http.max-body-size}).
 */
@ConfigurationProperties("idm")
public record ServiceProperties(Path dataDir, Http http) {

    public record Http(DataSize maxBodySize) {
    }
}
