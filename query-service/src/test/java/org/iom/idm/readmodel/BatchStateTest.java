package org.iom.idm.readmodel;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a batch's handlers keep is one state for the whole batch, written once as the batch commits and handed on
 * only once it has committed; a write that fails fails the batch.
 */
class BatchStateTest {

    private final List<String> written = new ArrayList<>();
    private final List<String> handedOn = new ArrayList<>();
    private final BatchState<List<String>> batches = BatchState.<List<String>>of("test", ArrayList::new)
            .writtenAsItCommits("the test's rows", rows -> written.addAll(rows))
            .afterCommit(rows -> handedOn.add("after " + written.size() + " written: " + rows));

    @Test
    void theBatchsHandlersShareOneStateWrittenOnceAsItCommitsThenHandedOn() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batches.current().add("a");
        batches.current().add("b");
        assertThat(written).isEmpty();

        batch.commit();

        assertThat(written).containsExactly("a", "b");
        assertThat(handedOn).containsExactly("after 2 written: [a, b]");
    }

    @Test
    void aBatchRolledBackWritesNothingAndHandsNothingOn() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batches.current().add("a");

        batch.rollback();

        assertThat(written).isEmpty();
        assertThat(handedOn).isEmpty();
    }

    @Test
    void eachBatchStartsItsOwnState() {
        UnitOfWork<?> first = DefaultUnitOfWork.startAndGet(null);
        batches.current().add("first");
        first.commit();
        UnitOfWork<?> second = DefaultUnitOfWork.startAndGet(null);
        batches.current().add("second");
        second.commit();

        assertThat(written).containsExactly("first", "second");
    }

    @Test
    void aWriteThatFailsFailsTheBatch() {
        BatchState<List<String>> failing = BatchState.<List<String>>of("failing", ArrayList::new)
                .writtenAsItCommits("the test's rows", rows -> {
                    throw new IllegalStateException("database gone");
                });
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        failing.current().add("a");

        assertThatThrownBy(batch::commit).isInstanceOf(BatchWriteFailedException.class)
                .hasMessage("the test's rows could not be written")
                .hasRootCauseMessage("database gone");
    }
}
