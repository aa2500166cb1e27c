package org.iom.idm.system;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Short polling, never a fixed sleep: reads are eventually consistent (target: 100 ms). */
final class Await {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms in vain for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
