package org.iom.idm.web;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A command that lost a race to append is run again by the gateway, up to the configured number of retries, and
 * answered as a concurrent modification only once they are spent; any other failure is the answer at once.
 * The gateway and the sender are the application's own, over a bus whose handler fails as each test says.
 */
class ConflictRetriesTest {

    private static final int RETRIES = 3;
    private static final Actor SECRETARIAT = Actor.of("secretariat", Role.SECRETARIAT);

    private final AtomicInteger attempts = new AtomicInteger();

    private CommandSender senderWhoseHandler(IntFunction<Object> attempt) {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(String.class.getName(), (CommandMessage<?> command) -> attempt.apply(attempts.incrementAndGet()));
        return new CommandSender(new CommandGatewayConfiguration()
                .commandGateway(bus, new ConflictRetryProperties(RETRIES, Duration.ofMillis(1))));
    }

    @Test
    void aCommandThatLostARaceToAppendRunsAgainAndIsAccepted() {
        CommandSender sender = senderWhoseHandler(attempt -> {
            if (attempt <= RETRIES) {
                throw new ConcurrencyException("another writer appended first");
            }
            return "accepted";
        });

        String answer = sender.sendAs(SECRETARIAT, "command");

        assertThat(answer).isEqualTo("accepted");
        assertThat(attempts).hasValue(RETRIES + 1);
    }

    @Test
    void aCommandThatKeepsLosingIsAConcurrentModificationOnlyAfterEveryRetry() {
        CommandSender sender = senderWhoseHandler(attempt -> {
            throw new ConcurrencyException("another writer appended first");
        });

        RuleViolation refused = refusal(sender);

        assertThat(refused.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
        assertThat(attempts).hasValue(RETRIES + 1);
    }

    @Test
    void aRefusalIsTheAnswerWithoutARetry() {
        CommandSender sender = senderWhoseHandler(attempt -> {
            throw new RuleViolation(ErrorCode.WRONG_PHASE, "voting is closed");
        });

        RuleViolation refused = refusal(sender);

        assertThat(refused.code()).isEqualTo(ErrorCode.WRONG_PHASE);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aNewStreamWhoseIdIsTakenIsAlreadyExistsWithoutARetry() {
        CommandSender sender = senderWhoseHandler(attempt -> {
            throw new AggregateStreamCreationException("the id is taken");
        });

        RuleViolation refused = refusal(sender);

        assertThat(refused.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(attempts).hasValue(1);
    }

    private static RuleViolation refusal(CommandSender sender) {
        return catchThrowableOfType(RuleViolation.class, () -> sender.sendAs(SECRETARIAT, "command"));
    }
}
