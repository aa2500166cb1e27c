package org.iom.idm.audit;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.iom.idm.audit.AuditLabels.Kind;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The labels a batch of the audit processor remembers agree with what it writes as the batch commits: a failed
 * event's labels are neither remembered nor written, a recorded event's are both.
 */
class AuditLabelsTest extends AbstractProjectionTest {

    private static final long LABELS_KEPT = 100;

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private TransactionTemplate transaction;

    @Test
    void aFailedEventsLabelsAreForgottenAndOnlyRecordedEventsLabelsAreWritten() {
        String failed = newMemberStateCode();
        String recorded = newMemberStateCode();
        AuditLabels labels = new AuditLabels(db, jdbc, LABELS_KEPT);

        inOneBatchUndoneAfterwards(() -> {
            labels.startEvent();
            labels.put(Kind.MEMBER_STATE, failed, "Failland");
            labels.startEvent();
            assertThat(labels.find(Kind.MEMBER_STATE, failed)).isEmpty();
            labels.put(Kind.MEMBER_STATE, recorded, "Keptland");
            labels.keepEventsLabels();
            assertThat(storedLabel(recorded)).as("before the batch commits").isEmpty();

            labels.write();

            assertThat(storedLabel(failed)).isEmpty();
            assertThat(storedLabel(recorded)).contains("Keptland");
        });
    }

    @Test
    void aLabelWrittenEarlierInTheBatchIsReadAndChangedLater() {
        String state = newMemberStateCode();
        String stored = newMemberStateCode();
        AuditLabels labels = new AuditLabels(db, jdbc, LABELS_KEPT);

        inOneBatchUndoneAfterwards(() -> {
            db.sql("insert into audit_label (kind, label_key, label) values (?, ?, ?)")
                    .params(Kind.MEMBER_STATE.name(), stored, "Stored name").update();
            labels.startEvent();
            labels.put(Kind.MEMBER_STATE, state, "First name");
            labels.keepEventsLabels();
            labels.startEvent();
            assertThat(labels.find(Kind.MEMBER_STATE, state)).contains("First name");
            assertThat(labels.find(Kind.MEMBER_STATE, stored)).contains("Stored name");
            labels.put(Kind.MEMBER_STATE, state, "Second name");
            labels.put(Kind.MEMBER_STATE, stored, "Renamed");
            labels.keepEventsLabels();

            labels.write();

            assertThat(storedLabel(state)).contains("Second name");
            assertThat(storedLabel(stored)).contains("Renamed");
            assertThat(labels.find(Kind.MEMBER_STATE, state)).contains("Second name");
        });
    }

    @Test
    void aCommittedBatchsLabelsHoldForLaterBatchesUntilForgotten() {
        String state = newMemberStateCode();
        AuditLabels labels = new AuditLabels(db, jdbc, LABELS_KEPT);

        transaction.executeWithoutResult(status -> {
            status.setRollbackOnly();
            UnitOfWork<?> first = DefaultUnitOfWork.startAndGet(null);
            labels.startEvent();
            labels.put(Kind.MEMBER_STATE, state, "Remembered name");
            labels.keepEventsLabels();
            labels.write();
            first.commit();
            db.sql("update audit_label set label = 'Changed elsewhere' where kind = ? and label_key = ?")
                    .params(Kind.MEMBER_STATE.name(), state).update();

            UnitOfWork<?> later = DefaultUnitOfWork.startAndGet(null);
            try {
                assertThat(labels.find(Kind.MEMBER_STATE, state)).as("in a later batch").contains("Remembered name");
                labels.forgetEarlierBatches();
                assertThat(labels.find(Kind.MEMBER_STATE, state)).as("once forgotten").contains("Changed elsewhere");
            } finally {
                later.rollback();
            }
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

    private Optional<String> storedLabel(String code) {
        return db.sql("select label from audit_label where kind = ? and label_key = ?")
                .params(Kind.MEMBER_STATE.name(), code)
                .query(String.class)
                .optional();
    }
}
