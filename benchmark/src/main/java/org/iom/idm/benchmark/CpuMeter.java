package org.iom.idm.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the machine's CPU went during a phase: each service process, the benchmark itself, PostgreSQL's processes
 * and everything else (on a shared machine, other people's work), in cores. Read from /proc; on a machine
 * without it the phase's line says so.
 */
final class CpuMeter {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final String POSTGRES = "postgres";
    private static final int IDLE_FIELD = 4;
    private static final int IOWAIT_FIELD = 5;

    private final Supplier<Map<String, ProcessHandle>> services;

    /** A moment's counters: the machine's busy and total clock ticks, and each process's CPU time. */
    record Snapshot(long nanoTime, long busyTicks, long totalTicks, Map<String, Duration> processes) {
    }

    CpuMeter(Supplier<Map<String, ProcessHandle>> services) {
        this.services = services;
    }

    Snapshot take() {
        Map<String, Duration> processes = new LinkedHashMap<>();
        services.get().forEach((name, handle) -> processes.put(name, cpu(handle)));
        processes.put("benchmark", cpu(ProcessHandle.current()));
        processes.put(POSTGRES, ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(command -> command.contains(POSTGRES)).orElse(false))
                .map(CpuMeter::cpu)
                .reduce(Duration.ZERO, Duration::plus));
        long[] ticks = machineTicks();
        return new Snapshot(System.nanoTime(), ticks[0], ticks[1], processes);
    }

    /** "machine 97% busy; command-service 0.70 cores, ..., everything else 0.31 cores" between two snapshots. */
    static String between(Snapshot from, Snapshot to) {
        if (to.totalTicks() <= from.totalTicks()) {
            return "CPU: not measurable here (no /proc/stat)";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double seconds = (to.nanoTime() - from.nanoTime()) / 1e9;
        double busyCores = cores * (double) (to.busyTicks() - from.busyTicks()) / (to.totalTicks() - from.totalTicks());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "CPU: machine %.0f%% busy (%.2f of %d cores)",
                100 * busyCores / cores, busyCores, cores));
        double accounted = 0;
        for (Map.Entry<String, Duration> process : to.processes().entrySet()) {
            Duration before = from.processes().getOrDefault(process.getKey(), Duration.ZERO);
            double used = process.getValue().minus(before).toNanos() / 1e9 / seconds;
            accounted += used;
            line.append(String.format(Locale.ROOT, "; %s %.2f", process.getKey(), used));
        }
        line.append(String.format(Locale.ROOT, "; everything else %.2f cores", Math.max(0, busyCores - accounted)));
        return line.toString();
    }

    /** A process's CPU time per unit of work between two snapshots, in milliseconds (NaN if it is not known). */
    static double millisPer(Snapshot from, Snapshot to, String process, long units) {
        Duration after = to.processes().get(process);
        Duration before = from.processes().get(process);
        if (after == null || before == null || units == 0) {
            return Double.NaN;
        }
        return after.minus(before).toNanos() / 1e6 / units;
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The first line of /proc/stat: busy and total ticks of all cores; zeros where there is none. */
    private static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[IDLE_FIELD]) + Long.parseLong(fields[IOWAIT_FIELD]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
