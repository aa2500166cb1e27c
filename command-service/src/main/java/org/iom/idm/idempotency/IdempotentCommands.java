package org.iom.idm.idempotency;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.iom.idm.actor.Actor;
import org.iom.idm.web.CommandRefusals;
import org.iom.kit.problem.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Issue 17: a command sent with an idempotency key runs once. Its key, the request's hash and the command's result
 * are stored in the unit of work's transaction, with its events: they commit together or not at all, so a retry
 * after any crash either finds the first answer (and the events) or neither, and is then judged as the first.
 *
 * <ul>
 *     <li>A retry of the same request gets the stored result, handled no more, so nothing changes again.</li>
 *     <li>The caller's key with another request is refused ({@link ErrorCode#IDEMPOTENCY_KEY_REUSED}).</li>
 *     <li>A refused or failed command stores nothing: it changed nothing, so judging its retry again cannot repeat
 *     anything, and the client gets the answer of the state as it is now. A form corrected after a refusal is
 *     sent again with the same key, and a refusal that no longer applies (the phase it waited for has come, a
 *     concurrent change was retried) does not stick to the key for a day.</li>
 *     <li>Two attempts at once (on two instances): the second insert of the key waits for the first transaction
 *     and then fails on the key; that is a lost race like any other ({@link ConcurrencyException}), so the
 *     gateway runs the command again, and it finds the first answer. If the second is refused instead, it may be
 *     for what the first did (its title is taken now, say), committed since the key was looked for: the key is
 *     looked for once more, and found, its answer is the answer. In one group commit, the second finds the
 *     first's row in the group's own transaction.</li>
 * </ul>
 *
 * <p>It runs outside {@link CommandRefusals} (ordered before it), so a refusal reaches it as the refusal that goes
 * back to the sender, and a refusal of its own takes the same form.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class IdempotentCommands implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyKeys keys;

    IdempotentCommands(IdempotencyKeys keys) {
        this.keys = keys;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        IdempotentRequest request = IdempotentRequest.fromMetaData(command.getMetaData());
        if (request == null) {
            return chain.proceed();
        }
        String caller = Actor.fromMetaData(command.getMetaData()).username();
        Optional<IdempotencyKeys.Answer> earlier = keys.find(caller, request.key());
        if (earlier.isPresent()) {
            return earlier(earlier.get(), request);
        }
        Object result;
        try {
            result = chain.proceed();
        } catch (CommandExecutionException refused) {
            // Refused perhaps for what the other attempt did, committed since the look above: then its answer.
            if (refused.getDetails().isEmpty()) {
                throw refused;
            }
            Optional<IdempotencyKeys.Answer> meanwhile = keys.find(caller, request.key());
            if (meanwhile.isEmpty()) {
                throw refused;
            }
            return earlier(meanwhile.get(), request);
        }
        try {
            keys.store(caller, request, result);
        } catch (DuplicateKeyException raced) {
            throw new ConcurrencyException("another attempt with this Idempotency-Key was accepted first", raced);
        }
        return result;
    }

    private static Object earlier(IdempotencyKeys.Answer answer, IdempotentRequest request) {
        if (!answer.hash().equals(request.hash())) {
            throw CommandRefusals.refusal(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for another request; send a new key with each new request");
        }
        return answer.result();
    }
}
