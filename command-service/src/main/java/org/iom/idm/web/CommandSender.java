package org.iom.idm.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.iom.idm.actor.Actor;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.springframework.stereotype.Component;

/**
 * Sends a command and turns the ways it can fail into the contract's codes. Who acts and the correlation id are
 * added on the way ({@link ActingUserMetaData}); a lost race to append is retried by the gateway
 * ({@link ConflictRetries}), so a conflict reaching here has been retried as often as allowed.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;

    public CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Sends the command as the signed-in user. */
    public <R> R send(Object command) {
        return sendAndTranslate(command);
    }

    /** Sends the command as the given actor, where no user is signed in (the demo seed). */
    public <R> R sendAs(Actor actor, Object command) {
        return sendAndTranslate(GenericCommandMessage.asCommandMessage(command).andMetaData(actor.toMetaData()));
    }

    private <R> R sendAndTranslate(Object command) {
        try {
            return gateway.sendAndWait(command);
        } catch (CommandExecutionException failed) {
            throw failed.<CommandRefusals.Refusal>getDetails()
                    .map(CommandRefusals.Refusal::toViolation)
                    .orElseThrow(() -> failed);
        } catch (AggregateStreamCreationException exists) {
            throw new RuleViolation(ErrorCode.ALREADY_EXISTS, "an item with this id exists already");
        } catch (ConcurrencyException conflict) {
            throw new RuleViolation(ErrorCode.CONCURRENT_MODIFICATION,
                    "the item kept changing under this request; try again");
        }
    }
}
