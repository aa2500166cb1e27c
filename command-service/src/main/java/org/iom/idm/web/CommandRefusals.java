package org.iom.idm.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.iom.kit.persistence.StoreOutage;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.Problems;
import org.iom.kit.problem.RuleViolation;
import org.iom.idm.rule.RuleRefused;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Puts a handler's refusal into the form that survives the trip back to the sender: a command routed through
 * Axon Server returns only an exception's message and its details, so the contract's error code and the offending
 * fields travel as the details, and so does a failure for want of the database (STORE_UNAVAILABLE). Here, at the
 * web edge, a rule's refusal gets its code on the wire ({@link ErrorCode#of}); {@link CommandSender} turns the
 * details back into the refusal.
 */
@Component
public class CommandRefusals implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The details of a refused command. */
    record Refusal(String code, String detail, List<String> fields) {

        RuleViolation toViolation() {
            return new RuleViolation(ErrorCode.valueOf(code), detail, fields == null ? List.of() : fields);
        }
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (RuleRefused refused) {
            throw refused(ErrorCode.of(refused.code()), refused.getMessage(), refused.fields(), refused);
        } catch (AggregateNotFoundException notFound) {
            throw refused(ErrorCode.NOT_FOUND, "nothing found with id '" + notFound.getAggregateIdentifier() + "'",
                    List.of(), notFound);
        } catch (IncompatibleAggregateException otherKind) {
            // The id is another kind of item's (a consultation's where a member state's was asked for): none here.
            throw refused(ErrorCode.NOT_FOUND, "nothing of this kind found with this id", List.of(), otherKind);
        } catch (RuntimeException failure) {
            // The database could not be reached: through Axon Server only the code would reach the sender.
            if (StoreOutage.in(failure)) {
                throw refused(ErrorCode.STORE_UNAVAILABLE, Problems.STORE_UNAVAILABLE_DETAIL, List.of(), failure);
            }
            throw failure;
        }
    }

    /** A refusal of the service's own, which no rule of the domain makes (a reused idempotency key, say). */
    public static CommandExecutionException refusal(ErrorCode code, String detail) {
        return refused(code, detail, List.of(), null);
    }

    private static CommandExecutionException refused(ErrorCode code, String detail, List<String> fields,
                                                     Exception cause) {
        return new CommandExecutionException(detail, cause, new Refusal(code.name(), detail, fields));
    }
}
