package org.iom.idm;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.iom.idm.actor.Actor;
import org.iom.idm.axon.AxonDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The write side: commands in through HTTP, rules in aggregates, events out to the event store. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandServiceApplication {

    public static void main(String[] args) {
        AxonDefaults.apply();
        SpringApplication.run(CommandServiceApplication.class, args);
    }

    /**
     * Copies who acted (with a delegate's capacity, CONTRACT §9) and the request's correlation id from each command
     * onto the events it causes.
     */
    @Bean
    public static CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.USERNAME, Actor.ROLE, Actor.MEMBER_STATE, Actor.CAPACITY,
                Actor.CORRELATION_ID);
    }
}
