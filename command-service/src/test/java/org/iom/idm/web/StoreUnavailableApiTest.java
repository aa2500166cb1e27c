package org.iom.idm.web;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.hibernate.exception.JDBCConnectionException;
import org.iom.kit.problem.ApiExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Issue 17: a write that fails for want of the database, whatever Axon and the persistence layers wrapped around the
 * failure and wherever it came (starting the command's transaction, inside its handler, at the commit), is answered
 * 503 STORE_UNAVAILABLE in problem+json with Retry-After, through the service's own sender and error handling.
 */
class StoreUnavailableApiTest {

    /** A command, as any of the service's. */
    record Vote(String state) {
    }

    @RestController
    static class VoteController {
        private final CommandSender sender;

        VoteController(CommandSender sender) {
            this.sender = sender;
        }

        @PutMapping("/api/votes")
        void vote() {
            sender.send(new Vote("AFG"));
        }
    }

    static Stream<Supplier<RuntimeException>> outages() {
        return Stream.of(
                () -> new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                        new JDBCConnectionException("Unable to acquire JDBC Connection", new SQLTransientConnectionException(
                                "HikariPool-1 - Connection is not available, request timed out after 1000ms."))),
                () -> new EventStoreException("cannot append the events of Consultation c-1", new JDBCConnectionException(
                        "could not execute batch", new SQLException("An I/O error occurred while sending to the backend.",
                        "08006"))),
                () -> new DataAccessResourceFailureException("terminating connection due to administrator command",
                        new SQLException("FATAL: terminating connection due to administrator command", "57P01")));
    }

    @ParameterizedTest
    @MethodSource("outages")
    void aHandlerThatCannotReachTheDatabaseIsAStoreUnavailableProblem(Supplier<RuntimeException> outage)
            throws Exception {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(Vote.class.getName(), command -> {
            throw outage.get();
        });

        assertStoreUnavailable(bus);
    }

    @ParameterizedTest
    @MethodSource("outages")
    void aTransactionThatCannotStartIsAStoreUnavailableProblem(Supplier<RuntimeException> outage) throws Exception {
        SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(() -> {
            throw outage.get();
        }).build();
        bus.subscribe(Vote.class.getName(), command -> null);

        assertStoreUnavailable(bus);
    }

    @ParameterizedTest
    @MethodSource("outages")
    void aCommitThatFailsIsAStoreUnavailableProblem(Supplier<RuntimeException> outage) throws Exception {
        TransactionManager failsAtCommit = () -> new Transaction() {
            @Override
            public void commit() {
                throw outage.get();
            }

            @Override
            public void rollback() {
            }
        };
        SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(failsAtCommit).build();
        bus.subscribe(Vote.class.getName(), command -> null);

        assertStoreUnavailable(bus);
    }

    private static void assertStoreUnavailable(SimpleCommandBus bus) throws Exception {
        bus.registerHandlerInterceptor(new CommandRefusals());
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new VoteController(new CommandSender(gateway(bus))))
                .setControllerAdvice(new ApiExceptionHandler()).build();

        MvcResult result = mvc.perform(put("/api/votes")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(503);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(result.getResponse().getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(result.getResponse().getContentAsString()).contains("\"code\":\"STORE_UNAVAILABLE\"");
    }

    private static DefaultCommandGateway gateway(CommandBus bus) {
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }
}
