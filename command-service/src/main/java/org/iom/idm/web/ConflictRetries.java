package org.iom.idm.web;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a command again when another writer appended to the same stream first: it then runs against the stream
 * as it now is, so the aggregate judges it anew and nothing is lost or applied twice. Pauses are jittered and
 * double with each conflict, so writers that collided do not collide again in step. Any other failure (a refusal, a new
 * stream whose id is taken) is final.
 *
 * <p>The retry runs in the sender's own thread (the gateway waits for it anyway), with the sender's logging
 * context; Axon's interval schedulers would hand it to a pool of their own.
 */
class ConflictRetries implements RetryScheduler {

    private static final int MAX_BACKOFF_DOUBLINGS = 5;

    private final int retries;
    private final Duration backoff;

    ConflictRetries(int retries, Duration backoff) {
        this.retries = retries;
        this.backoff = backoff;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        if (!(lastFailure instanceof ConcurrencyException) || failures.size() > retries) {
            return false;
        }
        pause(failures.size() - 1);
        dispatchTask.run();
        return true;
    }

    private void pause(int earlierRetries) {
        long bound = backoff.toMillis() << Math.min(earlierRetries, MAX_BACKOFF_DOUBLINGS);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RuleViolation(ErrorCode.SERVICE_UNAVAILABLE, "the service is stopping");
        }
    }
}
