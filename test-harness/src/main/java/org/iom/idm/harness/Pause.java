package org.iom.idm.harness;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Waiting without checked exceptions: an interrupted run stops. */
public final class Pause {

    private Pause() {
    }

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static void of(Duration duration) {
        if (duration.toMillis() >= 1) {
            millis(duration.toMillis());
        } else {
            LockSupport.parkNanos(duration.toNanos());
        }
    }

    /** Waits until every thread has ended. */
    public static void untilEnded(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
