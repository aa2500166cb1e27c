package org.iom.idm.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Waiting without checked exceptions: an interrupted benchmark stops. */
final class Pause {

    private Pause() {
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void of(Duration duration) {
        if (duration.toMillis() >= 1) {
            millis(duration.toMillis());
        } else {
            LockSupport.parkNanos(duration.toNanos());
        }
    }

    /** Waits until every thread has ended. */
    static void untilEnded(List<Thread> threads) {
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
