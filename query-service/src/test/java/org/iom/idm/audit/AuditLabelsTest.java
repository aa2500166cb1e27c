package org.iom.idm.audit;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.iom.idm.audit.AuditLabels.Kind;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The labels a batch of the audit processor remembers agree with the database: what a failed event wrote (and
 * the database undid) is not remembered, and what a recorded event wrote is.
 */
class AuditLabelsTest extends AbstractProjectionTest {

    @Autowired
    private DataSource dataSource;
    @Autowired
    private TransactionTemplate transaction;

    @Test
    void aFailedEventsLabelsAreForgottenWithItsWrites() {
        String failed = newMemberStateCode();
        String recorded = newMemberStateCode();
        AuditLabels labels = new AuditLabels(db);

        inOneBatchUndoneAfterwards(() -> {
            labels.startEvent();
            undoneAsAFailedEvent(() -> labels.put(Kind.MEMBER_STATE, failed, "Failland"));
            labels.startEvent();
            assertThat(labels.find(Kind.MEMBER_STATE, failed)).isEmpty();
            labels.put(Kind.MEMBER_STATE, recorded, "Keptland");
            labels.keepEventsLabels();

            assertThat(storedLabel(failed)).isEmpty();
            assertThat(storedLabel(recorded)).contains("Keptland");
        });
    }

    @Test
    void aLabelWrittenEarlierInTheBatchIsReadAndChangedLater() {
        String state = newMemberStateCode();
        AuditLabels labels = new AuditLabels(db);

        inOneBatchUndoneAfterwards(() -> {
            labels.startEvent();
            labels.put(Kind.MEMBER_STATE, state, "First name");
            labels.keepEventsLabels();
            labels.startEvent();
            assertThat(labels.find(Kind.MEMBER_STATE, state)).contains("First name");
            labels.put(Kind.MEMBER_STATE, state, "Second name");
            labels.keepEventsLabels();

            assertThat(storedLabel(state)).contains("Second name");
            assertThat(labels.find(Kind.MEMBER_STATE, state)).contains("Second name");
        });
    }

    /** The labels written here have no events behind them, so they must not outlive the test (a rebuild would). */
    private void inOneBatchUndoneAfterwards(Runnable work) {
        transaction.executeWithoutResult(status -> {
            UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            try {
                work.run();
            } finally {
                batch.rollback();
                status.setRollbackOnly();
            }
        });
    }

    /** As {@code ParkedEvents} does for a failing event: its writes are rolled back to a savepoint. */
    private void undoneAsAFailedEvent(Runnable writes) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Savepoint savepoint = connection.setSavepoint();
            writes.run();
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private Optional<String> storedLabel(String code) {
        return db.sql("select label from audit_label where kind = ? and label_key = ?")
                .params(Kind.MEMBER_STATE.name(), code)
                .query(String.class)
                .optional();
    }
}
