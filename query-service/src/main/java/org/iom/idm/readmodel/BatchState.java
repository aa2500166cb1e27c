package org.iom.idm.readmodel;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a processor's handlers keep for the batch they are in, held by the batch's unit of work: made at the
 * batch's first use, written as the batch commits ({@link #writtenAsItCommits}) and handed on once it has
 * committed ({@link #afterCommit}). A write that fails fails the batch as a whole ({@link BatchWriteFailedException}),
 * which the processor retries; a batch that fails or rolls back hands nothing on.
 */
public final class BatchState<T> {

    private final String key;
    private final Supplier<T> start;
    private final String what;
    private final Consumer<T> write;
    private final Consumer<T> committed;

    private BatchState(String key, Supplier<T> start, String what, Consumer<T> write, Consumer<T> committed) {
        this.key = key;
        this.start = start;
        this.what = what;
        this.write = write;
        this.committed = committed;
    }

    /** State made by {@code start} for each batch; {@code name} tells it apart from others on the same batch. */
    public static <T> BatchState<T> of(String name, Supplier<T> start) {
        return new BatchState<>(name, start, null, null, null);
    }

    /** Writes the state as the batch commits, within its transaction; {@code what} names it when that fails. */
    public BatchState<T> writtenAsItCommits(String what, Consumer<T> write) {
        return new BatchState<>(key, start, what, write, committed);
    }

    /** Hands the state on once the batch has committed. */
    public BatchState<T> afterCommit(Consumer<T> committed) {
        return new BatchState<>(key, start, what, write, committed);
    }

    /** The current batch's state; handlers always run within a batch. */
    public T current() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(key, name -> {
            T state = start.get();
            if (write != null) {
                batch.onPrepareCommit(committing -> writeNow(state));
            }
            if (committed != null) {
                batch.afterCommit(done -> committed.accept(state));
            }
            return state;
        });
    }

    /** Whether a batch is being handled, as it is not for a reset run outside the processor. */
    public static boolean inABatch() {
        return CurrentUnitOfWork.isStarted();
    }

    /** Writes what the state holds now, ahead of the commit; the write must then leave nothing to write again. */
    public void writeNow(T state) {
        try {
            write.accept(state);
        } catch (RuntimeException e) {
            throw new BatchWriteFailedException(what + " could not be written", e);
        }
    }
}
