package org.iom.idm.readmodel;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the query service follows the event store that the command service writes. Declaring the event store
 * here turns Axon's own off, so its storage engine and its entities are declared here as well, as Axon
 * would (adding to the entity packages rather than replacing them, as {@code @EntityScan} would).
 *
 * <p>With Axon Server ({@code axon.axonserver.enabled}, profile {@code axonserver}) neither is declared, so
 * Axon's {@code AxonServerEventStore} takes their place and streams the events to the processors.
 */
@org.springframework.context.annotation.Configuration
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
class ProjectionConfiguration {

    /**
     * A read model that skips an event it failed on is silently wrong until the next rebuild. The read models'
     * processor has a dead-letter queue (application.yml): a failing event is parked with its cause, after its
     * writes in every read model are undone, and the processor goes on; the secretariat retries parked events. Where no queue is
     * configured, a failing event stops its processor, which shows the error and retries it.
     */
    @Bean
    ConfigurerModule projectionsParkOrStopAtAFailingEvent(DataSource dataSource, EventProcessorProperties processors,
                                                          ApplicationContext context) {
        ParkedEvents parkedEvents = new ParkedEvents(dataSource);
        Set<String> writingWhileHandling = Arrays.stream(context.getBeanNamesForAnnotation(ProcessingGroup.class))
                .filter(name -> context.findAnnotationOnBean(name, WritesWhenTheBatchCommits.class) == null)
                .map(name -> context.findAnnotationOnBean(name, ProcessingGroup.class).value())
                .collect(Collectors.toSet());
        return configurer -> {
            EventProcessingConfigurer processing = configurer.eventProcessing()
                    .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance())
                    .registerDefaultDeadLetterPolicy(configuration -> parkedEvents);
            // A savepoint per event is needed only where a failed event is parked and the batch goes on, and
            // only where some handler of the group writes while handling: one such projection among others that
            // write at commit (the read models' processor) is enough.
            processors.getProcessors().forEach((group, settings) -> {
                if (settings.getDlq().isEnabled() && writingWhileHandling.contains(group)) {
                    processing.registerHandlerInterceptor(group, configuration -> parkedEvents);
                }
            });
        };
    }

    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver exceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Configuration configuration, EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager) {
        return JpaEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager)
                .build();
    }

    /**
     * Another process appends the events, so the store is polled for them; Axon's default of a second
     * between polls would make every change take a second to show.
     */
    @Bean(destroyMethod = "shutDown")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                  ProjectionsProperties settings) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(settings.fetchDelay().toMillis())
                .build();
    }
}
