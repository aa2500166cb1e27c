package org.iom.idm.readmodel;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a processor's handlers keep for the batch they are in, held by the batch's unit of work: made at the
 * batch's first use, written as the batch commits ({@link #writtenAsItCommits}) and handed on once it has
 * committed ({@link #afterCommit}). A write that fails fails the batch as a whole ({@link BatchWriteFailedException}),
 * which the processor retries; a batch that fails or rolls back hands nothing on. A state that is {@link Retractable}
 * loses what an event noted in it when that event is parked and the batch goes on ({@link #retractCurrentEvent}).
 */
public final class BatchState<T> {

    /** Per batch, the event that each retractable state's latest notes belong to. */
    private static final String NOTING = BatchState.class.getName() + ".noting";

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

    /**
     * State whose notes can be taken back one event at a time. Read models that share a processor with a dead-letter
     * queue need it: when another read model fails on an event, the event is parked and the batch goes on, and what
     * the event noted here must not be written with the batch.
     */
    public interface Retractable {

        /** An event starts noting: what is noted from now on is its own, until the next event starts. */
        void eventStarts();

        /** Takes back what the event that started last has noted. */
        void retractEvent();
    }

    /** The current batch's state; handlers always run within a batch. */
    public T current() {
        UnitOfWork<?> handling = CurrentUnitOfWork.get();
        UnitOfWork<?> batch = handling.root();
        T state = batch.getOrComputeResource(key, name -> {
            T made = start.get();
            if (write != null) {
                batch.onPrepareCommit(committing -> writeNow(made));
            }
            if (committed != null) {
                batch.afterCommit(done -> committed.accept(made));
            }
            return made;
        });
        if (state instanceof Retractable retractable) {
            Object event = eventOf(handling);
            Map<Retractable, Object> noting = batch.getOrComputeResource(NOTING, name -> new IdentityHashMap<>());
            if (!noting.containsKey(retractable) || !Objects.equals(noting.get(retractable), event)) {
                noting.put(retractable, event);
                retractable.eventStarts();
            }
        }
        return state;
    }

    /**
     * Takes back, in every retractable state of the current batch, what the event being handled has noted; the
     * batch's other events keep their notes.
     */
    static void retractCurrentEvent() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> handling = CurrentUnitOfWork.get();
        Map<Retractable, Object> noting = handling.root().getResource(NOTING);
        if (noting != null) {
            Object event = eventOf(handling);
            noting.forEach((state, noted) -> {
                if (Objects.equals(noted, event)) {
                    state.retractEvent();
                }
            });
        }
    }

    /** The event being handled: a batch's current one, or a dead letter's in a retry (under a unit of work of its own). */
    private static Object eventOf(UnitOfWork<?> handling) {
        Message<?> message = handling.getMessage();
        return message == null ? null : message.getIdentifier();
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
