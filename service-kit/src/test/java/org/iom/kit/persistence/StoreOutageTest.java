package org.iom.kit.persistence;

import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a database that cannot be reached throws, through the wrappers around it, and what it does not. */
class StoreOutageTest {

    static Stream<Throwable> outages() {
        SQLTransientConnectionException poolTimedOut = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 1000ms.");
        return Stream.of(
                poolTimedOut,
                new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                        new JDBCConnectionException("Unable to acquire JDBC Connection", poolTimedOut)),
                new CompletionException(new IllegalStateException("query failed",
                        new SQLException("An I/O error occurred while sending to the backend.", "08006"))),
                new RuntimeException(new SQLException("Connection to 127.0.0.1:5432 refused.", "08001")),
                new RuntimeException(new SQLException("FATAL: terminating connection due to administrator command",
                        "57P01")),
                new RuntimeException(new SQLException("FATAL: the database system is starting up", "57P03")),
                new RuntimeException(new SQLException("ERROR: canceling statement due to lock timeout", "55P03")),
                new DataAccessResourceFailureException("Failed to obtain JDBC Connection"),
                // A rollback after the connection was lost, which replaces the original failure.
                new RuntimeException("Unable to rollback against JDBC Connection",
                        new SQLException("Connection is closed")));
    }

    static Stream<Throwable> notOutages() {
        return Stream.of(
                new IllegalStateException("a bug"),
                new DataIntegrityViolationException("duplicate key",
                        new SQLException("duplicate key value violates unique constraint", "23505")),
                new RuntimeException(new SQLException("syntax error", "42601")));
    }

    @ParameterizedTest
    @MethodSource("outages")
    void aDatabaseThatCannotBeReachedIsAnOutageWhateverWrapsIt(Throwable failure) {
        assertThat(StoreOutage.in(failure)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("notOutages")
    void aFailureOfTheRequestOrOfTheCodeIsNoOutage(Throwable failure) {
        assertThat(StoreOutage.in(failure)).isFalse();
    }
}
