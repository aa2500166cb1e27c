package org.iom.idm.consultation;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Every command loads its consultation; without snapshots that means every event of it, so a consultation's
 * commands would get slower with each ballot. The snapshot is read from the shared event store, so every
 * command-service instance starts from the same stored state and no instance judges on a stale copy.
 */
@org.springframework.context.annotation.Configuration
class ConsultationSnapshots {

    static final String TRIGGER = "consultationSnapshotTrigger";

    @Bean(TRIGGER)
    SnapshotTriggerDefinition consultationSnapshotTrigger(Snapshotter snapshotter,
                                                          ConsultationStoreProperties settings) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, settings.snapshotAfter());
    }

    /**
     * Snapshots are taken on a thread of their own. Taken by the command's thread, after its commit but while it
     * still holds the consultation's lock, a snapshot needs a second connection: with every pooled connection
     * held by commands waiting for that lock, none would come (a hot consultation stalled for the pool's timeout).
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotTaker())
                .build();
    }

    @Bean
    ThreadPoolTaskExecutor snapshotTaker() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setThreadNamePrefix("snapshots-");
        return executor;
    }
}
