package org.iom.idm.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.iom.idm.actor.Actor;
import org.iom.idm.kit.problem.ErrorCode;
import org.iom.idm.kit.problem.RuleViolation;
import org.iom.idm.kit.security.IdmUser;
import org.iom.idm.kit.web.CorrelationIdFilter;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a command as the signed-in user, with the request's correlation id; retries it when another
 * writer appended to the same stream first; and turns the event store's refusals into the contract's codes.
 */
@Component
public class CommandSender {

    private static final int MAX_BACKOFF_DOUBLINGS = 5;

    private final CommandGateway gateway;
    private final int conflictRetries;
    private final Duration conflictBackoff;

    public CommandSender(CommandGateway gateway, @Value("${idm.commands.conflict-retries}") int conflictRetries,
                         @Value("${idm.commands.conflict-backoff}") Duration conflictBackoff) {
        this.gateway = gateway;
        this.conflictRetries = conflictRetries;
        this.conflictBackoff = conflictBackoff;
    }

    public <R> R send(Object command) {
        return sendAs(signedInActor(), command);
    }

    public <R> R sendAs(Actor actor, Object command) {
        Map<String, Object> metaData = new HashMap<>(actor.toMetaData());
        String correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
        metaData.put(Actor.CORRELATION_ID, correlationId != null ? correlationId : UUID.randomUUID().toString());
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command).andMetaData(metaData);
        for (int attempt = 0; ; attempt++) {
            try {
                return gateway.sendAndWait(message);
            } catch (CommandExecutionException failed) {
                throw failed.<CommandRefusals.Refusal>getDetails()
                        .map(CommandRefusals.Refusal::toViolation)
                        .orElseThrow(() -> failed);
            } catch (AggregateStreamCreationException exists) {
                throw new RuleViolation(ErrorCode.ALREADY_EXISTS, "an item with this id exists already");
            } catch (ConcurrencyException conflict) {
                if (attempt >= conflictRetries) {
                    throw new RuleViolation(ErrorCode.CONCURRENT_MODIFICATION,
                            "the item kept changing under this request; try again");
                }
                pauseBeforeRetry(attempt);
            }
        }
    }

    /**
     * Another instance appended to the same stream first. The command runs again against the stream as it
     * now is, so the aggregate judges it anew: nothing is lost and nothing is applied twice.
     */
    private void pauseBeforeRetry(int attempt) {
        long bound = conflictBackoff.toMillis() << Math.min(attempt, MAX_BACKOFF_DOUBLINGS);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RuleViolation(ErrorCode.SERVICE_UNAVAILABLE, "the service is stopping");
        }
    }

    private static Actor signedInActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof IdmUser user)) {
            throw new RuleViolation(ErrorCode.UNAUTHENTICATED, "sign in first");
        }
        return user.actor();
    }
}
