package org.iom.idm.readmodel;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Savepoint;

/**
 * Makes parking a failed event safe. In processors where a handler writes while handling, each event is handled
 * within a savepoint of the processor's transaction; when a handler fails, everything the event had written is
 * rolled back to that savepoint before the event is parked, so the batch goes on with clean tables (PostgreSQL
 * would otherwise refuse every later statement of the transaction) and a retry starts from nothing. Projections
 * that write only as the batch commits ({@link WritesWhenTheBatchCommits}) write no rows to undo; what the event
 * noted in them for the commit is taken back ({@link BatchState.Retractable}), whichever handler failed.
 */
class ParkedEvents implements MessageHandlerInterceptor<EventMessage<?>>, EnqueuePolicy<EventMessage<?>> {

    private static final String SAVEPOINT = ParkedEvents.class.getName() + ".savepoint";

    private final DataSource dataSource;

    ParkedEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private record EventSavepoint(Connection connection, Savepoint savepoint) {
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return interceptorChain.proceed();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        EventSavepoint savepoint = new EventSavepoint(connection, connection.setSavepoint());
        unitOfWork.resources().put(SAVEPOINT, savepoint);
        try {
            Object result = interceptorChain.proceed();
            // A savepoint left open for every event of a batch would pile up subtransactions (PostgreSQL slows
            // every session once a transaction holds more than 64).
            savepoint.connection().releaseSavepoint(savepoint.savepoint());
            return result;
        } finally {
            unitOfWork.resources().remove(SAVEPOINT);
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Called while the failed event's savepoint is still current (retries run in a transaction of their own), and
     * while its batch still holds what it noted for the commit.
     * A database that cannot be reached is no fault of the event: rather than park every event while it lasts,
     * the failure stops the processor, which retries (and the service reports itself down) until it is back.
     * The same goes for a batch's kept writes that failed ({@link BatchWriteFailedException}).
     */
    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (isNoFaultOfTheEvent(cause)) {
            throw cause instanceof RuntimeException unchecked ? unchecked
                    : new IllegalStateException("the read model's database failed", cause);
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get() : null;
        Object savepoint = unitOfWork == null ? null : unitOfWork.resources().get(SAVEPOINT);
        if (savepoint instanceof EventSavepoint current) {
            try {
                current.connection().rollback(current.savepoint());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot undo the failed event's writes", e);
            }
        }
        BatchState.retractCurrentEvent();
        return Decisions.enqueue(cause);
    }

    private static boolean isNoFaultOfTheEvent(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BatchWriteFailedException || t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException || t instanceof SQLTransientException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
        }
        return false;
    }
}
