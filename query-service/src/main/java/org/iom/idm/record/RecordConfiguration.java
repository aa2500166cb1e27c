package org.iom.idm.record;

import org.iom.kit.web.ServiceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(RecordProperties.class)
class RecordConfiguration {

    /** Read (or made) at startup, so that a key file that cannot be used stops the service at once. */
    @Bean
    RecordKey recordKey(RecordProperties properties, ServiceProperties service) {
        return RecordKey.of(properties, service.dataDir());
    }
}
