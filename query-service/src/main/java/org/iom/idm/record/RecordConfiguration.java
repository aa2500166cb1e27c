package org.iom.idm.record;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

@Configuration
@EnableConfigurationProperties(RecordProperties.class)
class RecordConfiguration {

    /** Read (or made) at startup, so that a key file that cannot be used stops the service at once. */
    @Bean
    RecordKey recordKey(RecordProperties properties, @Value("${idm.data-dir}") Path dataDir) {
        return RecordKey.of(properties, dataDir);
    }
}
