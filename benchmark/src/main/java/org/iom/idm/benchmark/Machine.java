package org.iom.idm.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the figures were measured on. */
final class Machine {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Path MEMORY_INFO = Path.of("/proc/meminfo");
    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");
    private static final double KIB_PER_GIB = 1024.0 * 1024.0;

    private Machine() {
    }

    static List<String> describe(String databaseVersion) {
        return List.of(
                "cores: " + Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")",
                "memory: " + memory(),
                "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                "Java: " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                        + ")",
                "database: " + databaseVersion);
    }

    /** The 1, 5 and 15 minute load averages: how busy the machine was besides the benchmark. */
    static String loadAverage() {
        return read(LOAD_AVERAGE).map(text -> String.join(" ", List.of(text.trim().split("\\s+")).subList(0, 3)))
                .orElse("unknown");
    }

    private static String cpuModel() {
        return read(CPU_INFO).flatMap(text -> text.lines().filter(line -> line.startsWith("model name")).findFirst())
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .orElse("unknown model");
    }

    private static String memory() {
        return read(MEMORY_INFO).flatMap(text -> text.lines().filter(line -> line.startsWith("MemTotal:")).findFirst())
                .map(line -> String.format(Locale.ROOT, "%.1f GiB",
                        Long.parseLong(line.replaceAll("\\D", "")) / KIB_PER_GIB))
                .orElse("unknown");
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
