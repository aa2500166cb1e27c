package org.iom.idm.benchmark;

/** Progress lines while the benchmark runs, with the time since it started. */
final class Progress {

    private final long start = System.nanoTime();

    void say(String message) {
        System.out.printf("[benchmark %6.1fs] %s%n", (System.nanoTime() - start) / 1e9, message);
        System.out.flush();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
