package org.iom.idm.web;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.iom.idm.actor.Actor;
import org.iom.idm.kit.problem.ErrorCode;
import org.iom.idm.kit.problem.RuleViolation;
import org.iom.idm.kit.security.IdmUser;
import org.iom.idm.kit.web.CorrelationIdFilter;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Sends a command as the signed-in user, with the request's correlation id, and turns the event store's
 * refusals into the contract's error codes.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;

    public CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(Object command) {
        return sendAs(signedInActor(), command);
    }

    public <R> R sendAs(Actor actor, Object command) {
        Map<String, Object> metaData = new HashMap<>(actor.toMetaData());
        String correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
        metaData.put(Actor.CORRELATION_ID, correlationId != null ? correlationId : UUID.randomUUID().toString());
        try {
            return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (AggregateNotFoundException notFound) {
            throw new RuleViolation(ErrorCode.NOT_FOUND, "nothing found with id '"
                    + notFound.getAggregateIdentifier() + "'");
        } catch (AggregateStreamCreationException exists) {
            throw new RuleViolation(ErrorCode.ALREADY_EXISTS, "an item with this id exists already");
        } catch (ConcurrencyException conflict) {
            throw new RuleViolation(ErrorCode.CONCURRENT_MODIFICATION,
                    "another change to the same item was accepted at the same moment; try again");
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
