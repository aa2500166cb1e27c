package org.iom.idm.store;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local command bus, as Axon's auto-configuration builds it (its monitor, spans, duplicate-handler rule and
 * correlation data), but committing commands that arrive together as one group ({@link GroupCommitCommandBus}).
 * With Axon Server it is the local segment that Axon Server's bus hands commands to.
 */
@Configuration
class GroupCommitConfiguration {

    @Bean
    @Qualifier("localSegment")
    SimpleCommandBus commandBus(TransactionManager transactionManager,
                                org.axonframework.config.Configuration axon,
                                DuplicateCommandHandlerResolver duplicateCommandHandlerResolver,
                                GroupCommitProperties settings) {
        SimpleCommandBus bus = new GroupCommitCommandBus(SimpleCommandBus.builder()
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus")),
                transactionManager, settings.groupCommitMaxSize());
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return bus;
    }
}
