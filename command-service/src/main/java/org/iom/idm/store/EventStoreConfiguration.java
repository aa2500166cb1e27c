package org.iom.idm.store;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The event store on the database: Axon's JPA storage engine, as Axon would configure it, whose appends commit
 * in the order of the global index ({@link AppendsInCommitOrder}); declaring it turns Axon's own off, so its
 * entities are registered here as Axon would. With Axon Server (profile {@code axonserver})
 * none is declared: Axon Server orders the events itself.
 */
@org.springframework.context.annotation.Configuration
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
class EventStoreConfiguration {

    /** H2 gives up on a lock after two seconds unless told otherwise; PostgreSQL waits. */
    private static final String LOCK = "select id from event_append_order where id = 1 for update";
    private static final int H2_LOCK_WAIT_SECONDS = 30;

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver exceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Configuration configuration, EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager, DataSource dataSource)
            throws SQLException {
        EventStorageEngine jpa = JpaEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager)
                .build();
        return new AppendsInCommitOrder(jpa, entityManagerProvider, isH2(dataSource)
                ? LOCK + " wait " + H2_LOCK_WAIT_SECONDS : LOCK);
    }

    private static boolean isH2(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        }
    }
}
