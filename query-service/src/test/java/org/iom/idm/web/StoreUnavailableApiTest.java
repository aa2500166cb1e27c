package org.iom.idm.web;

import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.hibernate.exception.JDBCConnectionException;
import org.iom.kit.problem.ApiExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Issue 17: a read whose query handler fails for want of the database, as Axon's query bus hands the failure back
 * to the gateway, is answered 503 STORE_UNAVAILABLE in problem+json with Retry-After.
 */
class StoreUnavailableApiTest {

    record FindThings() {
    }

    @RestController
    static class ThingController {
        private final Queries queries;

        ThingController(Queries queries) {
            this.queries = queries;
        }

        @GetMapping("/api/things")
        String thing() {
            return queries.one(new FindThings(), String.class, "no thing");
        }
    }

    static Stream<Supplier<RuntimeException>> outages() {
        return Stream.of(
                () -> new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                        new SQLTransientConnectionException(
                                "HikariPool-1 - Connection is not available, request timed out after 1000ms.")),
                () -> new DataAccessResourceFailureException("Failed to obtain JDBC Connection",
                        new SQLException("Connection to 127.0.0.1:5432 refused.", "08001")),
                () -> new JDBCConnectionException("could not execute query",
                        new SQLException("FATAL: the database system is starting up", "57P03")));
    }

    @ParameterizedTest
    @MethodSource("outages")
    void aQueryHandlerThatCannotReachTheDatabaseIsAStoreUnavailableProblem(Supplier<RuntimeException> outage)
            throws Exception {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        bus.subscribe(FindThings.class.getName(), String.class, query -> {
            throw outage.get();
        });
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new ThingController(new Queries(
                        DefaultQueryGateway.builder().queryBus(bus).build())))
                .setControllerAdvice(new ApiExceptionHandler()).build();

        MvcResult result = mvc.perform(get("/api/things")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(503);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(result.getResponse().getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(result.getResponse().getContentAsString()).contains("\"code\":\"STORE_UNAVAILABLE\"");
    }
}
