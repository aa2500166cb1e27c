package org.iom.idm.web;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.membership.Capacity;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.security.IdmUser;
import org.iom.kit.web.CorrelationIdFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every command sent through the gateway names who acts and carries a correlation id, added by the dispatch
 * interceptor rather than by each sender: the signed-in user and the request's id, an actor the sender named
 * itself kept, and no command at all without an actor, nor from a delegate who holds no accreditation.
 */
class ActingUserMetaDataTest {

    private final List<CommandMessage<?>> handled = new ArrayList<>();
    private final CommandGateway gateway = gatewayRecordingWhatIsHandled();

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
        MDC.remove(CorrelationIdFilter.MDC_KEY);
    }

    @Test
    void aCommandCarriesTheSignedInUserInItsCapacityAndTheRequestsCorrelationId() {
        signIn(new IdmUser("alternate-phl", "hash", Role.DELEGATE, "PHL", Capacity.ALTERNATE));
        MDC.put(CorrelationIdFilter.MDC_KEY, "request-42");

        gateway.sendAndWait("command");

        Map<String, Object> metaData = handled.get(0).getMetaData();
        assertThat(Actor.fromMetaData(metaData))
                .isEqualTo(Actor.delegate("alternate-phl", "PHL", Capacity.ALTERNATE));
        assertThat(metaData).containsEntry(Actor.CAPACITY, "ALTERNATE");
        assertThat(metaData).containsEntry(Actor.CORRELATION_ID, "request-42");
    }

    @Test
    void aDelegateWithoutACurrentAccreditationIsRefusedUnsent() {
        signIn(new IdmUser("delegate-phl", "hash", Role.DELEGATE, null));

        RuleViolation refused = catchThrowableOfType(RuleViolation.class, () -> gateway.sendAndWait("command"));

        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(handled).isEmpty();
    }

    @Test
    void anActorTheSenderNamedIsKeptAndAFreshCorrelationIdGivenOutsideARequest() {
        Actor secretariat = Actor.of("secretariat", Role.SECRETARIAT);

        new CommandSender(gateway).sendAs(secretariat, "command");

        Map<String, Object> metaData = handled.get(0).getMetaData();
        assertThat(Actor.fromMetaData(metaData)).isEqualTo(secretariat);
        assertThat(metaData.get(Actor.CORRELATION_ID)).asString().isNotBlank();
    }

    @Test
    void aCommandWithoutASignedInUserOrANamedActorIsRefusedUnsent() {
        RuleViolation refused = catchThrowableOfType(RuleViolation.class, () -> gateway.sendAndWait("command"));

        assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(handled).isEmpty();
    }

    private static void signIn(IdmUser user) {
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
    }

    private CommandGateway gatewayRecordingWhatIsHandled() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(String.class.getName(), (CommandMessage<?> command) -> handled.add(command));
        CommandGateway commands = DefaultCommandGateway.builder().commandBus(bus).build();
        commands.registerDispatchInterceptor(new ActingUserMetaData());
        return commands;
    }
}
