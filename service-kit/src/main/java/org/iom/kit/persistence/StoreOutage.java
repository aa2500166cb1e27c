package org.iom.kit.persistence;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Whether a failure means that the database could not be reached or did not answer in time (issue 17), through
 * whatever the pool, the JDBC driver, Hibernate, Spring or Axon wrapped around it: no connection within the pool's
 * time-out, a connection refused or broken, a server shutting down or starting up, a lock or statement waited on
 * for too long. Such a failure changed nothing, and the same request may succeed once the database is back.
 */
public final class StoreOutage {

    /** SQLSTATE class 08: connection exception (refused, broken, lost), on PostgreSQL and H2 alike. */
    private static final String CONNECTION_EXCEPTION = "08";
    /**
     * PostgreSQL: the server is shutting down (57P01, 57P02) or not yet accepting connections (57P03), a lock was
     * not had within lock_timeout (55P03), a statement was cancelled at its time-out (57014).
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "55P03", "57014");
    /** H2: the database was closed (90098), or a connection to it broken (90067). */
    private static final Set<Integer> H2_UNAVAILABLE_CODES = Set.of(90098, 90067);
    /**
     * Hikari, on a connection it has already evicted as broken (no SQLSTATE): what a rollback after a lost
     * connection meets, and what then replaces the original failure.
     */
    private static final String POOL_CLOSED_IT = "Connection is closed";

    private StoreOutage() {
    }

    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isOutage(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutage(Throwable failure) {
        if (failure instanceof CannotCreateTransactionException || failure instanceof DataAccessResourceFailureException
                || failure instanceof QueryTimeoutException) {
            return true;
        }
        if (!(failure instanceof SQLException sql)) {
            return false;
        }
        if (sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException
                || sql instanceof SQLRecoverableException || sql instanceof SQLTimeoutException) {
            return true;
        }
        String state = sql.getSQLState();
        return state != null && (state.startsWith(CONNECTION_EXCEPTION) || UNAVAILABLE_STATES.contains(state))
                || H2_UNAVAILABLE_CODES.contains(sql.getErrorCode())
                || state == null && POOL_CLOSED_IT.equals(sql.getMessage());
    }
}
