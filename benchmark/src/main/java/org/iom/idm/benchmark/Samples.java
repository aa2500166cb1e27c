package org.iom.idm.benchmark;

import java.util.Arrays;

/** Durations in nanoseconds, collected by one thread at a time, and their percentiles. */
final class Samples {

    private static final int INITIAL_CAPACITY = 1024;
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private long[] values = new long[INITIAL_CAPACITY];
    private int size;

    /** Nearest-rank percentiles in milliseconds. */
    record Percentiles(int count, double p50, double p95, double p99, double max) {

        static final Percentiles NONE = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    void addAll(Samples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    Percentiles percentiles() {
        if (size == 0) {
            return Percentiles.NONE;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new Percentiles(size, millis(rank(sorted, 50)), millis(rank(sorted, 95)), millis(rank(sorted, 99)),
                millis(sorted[size - 1]));
    }

    private static long rank(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    private static double millis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }
}
