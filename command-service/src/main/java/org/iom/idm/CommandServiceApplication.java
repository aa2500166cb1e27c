package org.iom.idm;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.iom.idm.actor.Actor;
import org.iom.idm.axon.AxonDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The write side: commands in through HTTP, rules in aggregates, events out to the event store. */
@SpringBootApplication
public class CommandServiceApplication {

    public static void main(String[] args) {
        AxonDefaults.apply();
        SpringApplication.run(CommandServiceApplication.class, args);
    }

    /**
     * Keeps loaded consultations in memory, so a busy one is not rebuilt from its whole stream for every
     * ballot. Another instance's append makes a cached copy stale: the append then fails as a conflict, Axon
     * drops the copy with the rolled-back unit of work, and the retried command loads the stream afresh.
     */
    @Bean
    Cache consultationCache() {
        return new WeakReferenceCache();
    }

    /** Copies who acted and the request's correlation id from each command onto the events it causes. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.USERNAME, Actor.ROLE, Actor.MEMBER_STATE,
                Actor.CORRELATION_ID);
    }
}
