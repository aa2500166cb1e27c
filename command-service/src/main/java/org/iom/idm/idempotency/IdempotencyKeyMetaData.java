package org.iom.idm.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Gives a command sent while answering a request with an {@code Idempotency-Key} that key and the request's hash
 * ({@link IdempotencyKeyFilter}), for {@link IdempotentCommands}. Registered on the command gateway by Axon's
 * auto-configuration, being a dispatch interceptor bean.
 */
@Component
class IdempotencyKeyMetaData implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            // A command sent while another is handled is part of that one, whose request this thread may not serve.
            RequestAttributes request = CurrentUnitOfWork.isStarted() ? null : RequestContextHolder.getRequestAttributes();
            Object idempotent = request == null ? null
                    : request.getAttribute(IdempotencyKeyFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
            return idempotent instanceof IdempotentRequest key && !command.getMetaData().containsKey(IdempotentRequest.KEY)
                    ? command.andMetaData(key.toMetaData()) : command;
        };
    }
}
