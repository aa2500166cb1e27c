package org.iom.idm.web;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Axon's gateway, retrying a command that lost a race to append ({@link ConflictRetries}). */
@Configuration
class CommandGatewayConfiguration {

    @Bean
    CommandGateway commandGateway(CommandBus commandBus,
                                  @Value("${idm.commands.conflict-retries}") int conflictRetries,
                                  @Value("${idm.commands.conflict-backoff}") Duration conflictBackoff) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConflictRetries(conflictRetries, conflictBackoff))
                .build();
    }
}
