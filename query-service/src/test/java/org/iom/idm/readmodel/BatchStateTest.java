package org.iom.idm.readmodel;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a batch's handlers keep is one state for the whole batch, written once as the batch commits and handed on
 * only once it has committed; a write that fails fails the batch. What a parked event noted is taken back.
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

    @Test
    void whatAParkedEventNotedIsTakenBackWhileTheBatchsOtherEventsKeepTheirs() {
        BatchState<Notes> notes = BatchState.of("retractable", Notes::new)
                .writtenAsItCommits("the test's rows", state -> written.addAll(state.rows));
        List<EventMessage<?>> events = List.of(GenericEventMessage.asEventMessage("first"),
                GenericEventMessage.asEventMessage("parked"), GenericEventMessage.asEventMessage("third"));

        new BatchingUnitOfWork<>(events).executeWithResult(() -> {
            Object event = CurrentUnitOfWork.get().getMessage().getPayload();
            // Two handlers note, as two read models of one processor would; the parked event's second one fails.
            notes.current().rows.add(event + " by one");
            notes.current().rows.add(event + " by another");
            if (event.equals("parked")) {
                BatchState.retractCurrentEvent();
            }
            return null;
        });

        assertThat(written).containsExactly("first by one", "first by another", "third by one", "third by another");
    }

    /** Notes that remember where the current event's begin. */
    private static final class Notes implements BatchState.Retractable {
        private final List<String> rows = new ArrayList<>();
        private int eventStart;

        @Override
        public void eventStarts() {
            eventStart = rows.size();
        }

        @Override
        public void retractEvent() {
            rows.subList(eventStart, rows.size()).clear();
        }
    }
}
