package org.iom.idm.store;

import org.axonframework.common.jpa.EntityManagerProvider;
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

    /** H2 gives up on a lock after two seconds unless told otherwise; PostgreSQL waits. */
    private static final String LOCK = "select last_index from event_append_order where id = 1 for update";
    private static final int H2_LOCK_WAIT_SECONDS = 30;

    @Bean
    static BeanPostProcessor appendsInCommitOrder(ObjectProvider<EntityManagerProvider> entityManagers,
                                                  ObjectProvider<DataSource> dataSource) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof JpaEventStorageEngine jpa
                        ? new AppendsInCommitOrder(jpa, entityManagers.getObject(), jpa.getEventSerializer(),
                                lockStatement(dataSource.getObject()))
                        : bean;
            }
        };
    }

    private static String lockStatement(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())
                    ? LOCK + " wait " + H2_LOCK_WAIT_SECONDS : LOCK;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database holds the event store", e);
        }
    }
}
