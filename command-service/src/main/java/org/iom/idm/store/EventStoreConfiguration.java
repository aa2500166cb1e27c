package org.iom.idm.store;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The event store on the database: Axon's own JPA storage engine, as Axon configures it, wrapped so that its
 * appends commit in the order of the global index ({@link AppendsInCommitOrder}). With Axon Server (profile
 * {@code axonserver}) there is no such engine: Axon Server orders the events itself.
 */
@Configuration
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
class EventStoreConfiguration {

    /** On H2 the wait is the statement's; PostgreSQL's is its connections' lock_timeout (application.yml). */
    private static final String LOCK = "select last_index from event_append_order where id = 1 for update";

    @Bean
    static BeanPostProcessor appendsInCommitOrder(ObjectProvider<EntityManagerProvider> entityManagers,
                                                  ObjectProvider<DataSource> dataSource,
                                                  ObjectProvider<StoreProperties> settings) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof JpaEventStorageEngine jpa
                        ? new AppendsInCommitOrder(jpa, entityManagers.getObject(), jpa.getEventSerializer(),
                                lockStatement(dataSource.getObject(), settings.getObject()))
                        : bean;
            }
        };
    }

    /** A group's kept aggregates checked against the store in one query (the engine is always wrapped here). */
    @Bean
    StreamHeads streamHeads(EventStorageEngine storageEngine) {
        return ((AppendsInCommitOrder) storageEngine)::lastSequenceNumbersOf;
    }

    private static String lockStatement(DataSource dataSource, StoreProperties settings) {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())
                    ? LOCK + " wait " + settings.lockWait().toMillis() / 1000.0 : LOCK;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database holds the event store", e);
        }
    }
}
