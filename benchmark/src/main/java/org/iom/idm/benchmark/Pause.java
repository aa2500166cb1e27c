package org.iom.idm.benchmark;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Sleeping without checked exceptions: an interrupted benchmark stops. */
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
}
