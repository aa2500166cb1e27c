package org.iom.kit.security.events;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.InstantSource;

/** Each service's security events and their endpoint; the events' time is the context's own clock, if it has one. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityEventsProperties.class)
@Import(SecurityEventsController.class)
public class SecurityEventsConfiguration {

    @Bean
    SecurityEvents securityEvents(JdbcClient db, SecurityEventsProperties properties,
                                  ObjectProvider<InstantSource> time) {
        return new SecurityEvents(db, properties, time.getIfUnique(InstantSource::system));
    }
}
