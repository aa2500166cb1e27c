package org.iom.idm.web;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.security.IdmUser;
import org.iom.kit.web.CorrelationIdFilter;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Names who acts on every command sent through the gateway (CONTRACT §3, rule 7): the signed-in user, with the
 * member state and capacity it holds now (CONTRACT §9), unless the sender named an actor itself; and gives it the
 * request's correlation id, or a fresh one outside a request. A delegate without a current accreditation reads only.
 * Registered on the command gateway by Axon's auto-configuration, being a dispatch interceptor bean.
 */
@Component
public class ActingUserMetaData implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            Map<String, Object> added = new HashMap<>();
            if (Actor.fromMetaData(command.getMetaData()) == null) {
                added.putAll(signedInActor().toMetaData());
            }
            if (!command.getMetaData().containsKey(Actor.CORRELATION_ID)) {
                String correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
                added.put(Actor.CORRELATION_ID, correlationId != null ? correlationId : UUID.randomUUID().toString());
            }
            return command.andMetaData(added);
        };
    }

    private static Actor signedInActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof IdmUser user)) {
            throw new RuleViolation(ErrorCode.UNAUTHENTICATED, "sign in first");
        }
        if (user.role() == Role.DELEGATE && user.memberState() == null) {
            throw new RuleViolation(ErrorCode.FORBIDDEN,
                    "you hold no current accreditation to a member state, so you may only read");
        }
        return user.actor();
    }
}
