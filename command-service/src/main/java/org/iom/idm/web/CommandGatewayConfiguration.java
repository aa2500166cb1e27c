package org.iom.idm.web;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


/** Axon's gateway, retrying a command that lost a race to append ({@link ConflictRetries}). */
@Configuration
class CommandGatewayConfiguration {

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ConflictRetryProperties settings) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConflictRetries(settings.conflictRetries(), settings.conflictBackoff()))
                .build();
    }
}
