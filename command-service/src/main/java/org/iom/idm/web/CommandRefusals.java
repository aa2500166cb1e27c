package org.iom.idm.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.iom.idm.kit.problem.ErrorCode;
import org.iom.idm.kit.problem.RuleViolation;
import org.springframework.stereotype.Component;

/**
 * Puts a handler's refusal into the form that survives the trip back to the sender: a command routed through
 * Axon Server returns only an exception's message and its details, so the contract's error code travels as
 * the details. {@link CommandSender} turns it back into the refusal.
 */
@Component
class CommandRefusals implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The details of a refused command. */
    record Refusal(String code, String detail) {

        RuleViolation toViolation() {
            return new RuleViolation(ErrorCode.valueOf(code), detail);
        }
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (RuleViolation violation) {
            throw refused(violation.code(), violation.getMessage(), violation);
        } catch (AggregateNotFoundException notFound) {
            throw refused(ErrorCode.NOT_FOUND, "nothing found with id '" + notFound.getAggregateIdentifier() + "'",
                    notFound);
        }
    }

    private static CommandExecutionException refused(ErrorCode code, String detail, Exception cause) {
        return new CommandExecutionException(detail, cause, new Refusal(code.name(), detail));
    }
}
