package org.iom.idm.readmodel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a projection whose event handlers write nothing while handling an event: they keep what to write and
 * write it for the whole batch as the batch commits ({@link BatchState}). A failed event then leaves no rows to
 * undo, so a processor with only such projections takes no savepoint per event ({@link ParkedEvents}); where it
 * parks failed events, what a parked event noted is taken back ({@link BatchState.Retractable}), also when another
 * projection of the processor failed on it. A failed write fails the batch ({@link BatchWriteFailedException}),
 * which is retried as a whole.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WritesWhenTheBatchCommits {
}
