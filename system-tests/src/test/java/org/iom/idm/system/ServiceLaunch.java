package org.iom.idm.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the system tests start a service: its executable jar extracted by Spring Boot's own tools
 * ({@code -Djarmode=tools extract}: the same classes and resources, on a plain class path) with a class-data-sharing
 * archive that one training start made of it. Both are made once per build, in target/, and reused by the H2 and the
 * PostgreSQL run. Measured on 2 cores: a command service starts in about 5 s of CPU instead of 15, and the suites start
 * some twenty services. The packaged jar itself, as shipped, runs in CI's quick start check.
 */
final class ServiceLaunch {

    private static final long TRAINING_MINUTES = 5;
    private static final String COMMAND = "idm.command-service.jar";
    private static final String QUERY = "idm.query-service.jar";
    private static Map<String, ServiceLaunch> both;

    private final Path jar;
    private final Path archive;

    private ServiceLaunch(Path jar, Path archive) {
        this.jar = jar;
        this.archive = archive;
    }

    static ServiceLaunch command() {
        return both().get(COMMAND);
    }

    static ServiceLaunch query() {
        return both().get(QUERY);
    }

    /** Both services' at the first call, their two training starts side by side. */
    private static synchronized Map<String, ServiceLaunch> both() {
        if (both == null) {
            both = Stream.of(COMMAND, QUERY).parallel()
                    .collect(Collectors.toConcurrentMap(property -> property, ServiceLaunch::make));
        }
        return both;
    }

    /** The extracted jar to start. */
    Path jar() {
        return jar;
    }

    /** {@code options} and the archive. */
    List<String> jvm(List<String> options) {
        List<String> jvm = new ArrayList<>(options);
        jvm.add("-XX:SharedArchiveFile=" + archive);
        return jvm;
    }

    private static ServiceLaunch make(String property) {
        Path packaged = SystemUnderTest.jar(property);
        String name = packaged.getFileName().toString().replaceFirst("\\.jar$", "");
        Path dir = Path.of(System.getProperty("idm.system-tests.launch-dir", "target/service-launch"))
                .toAbsolutePath().resolve(name);
        Path extracted = dir.resolve("app").resolve(packaged.getFileName());
        Path archive = dir.resolve(name + ".jsa");
        Path stamp = dir.resolve("made-from");
        try {
            String from = packaged + " " + Files.size(packaged) + " " + Files.getLastModifiedTime(packaged);
            if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(from) && Files.isRegularFile(archive)) {
                return new ServiceLaunch(extracted, archive);
            }
            delete(dir);
            Files.createDirectories(dir);
            run(dir, "extract", List.of(java(), "-Djarmode=tools", "-jar", packaged.toString(), "extract",
                    "--destination", dir.resolve("app").toString()), Map.of());
            Path data = Files.createDirectories(dir.resolve("training-data"));
            // Up to the refreshed context on the demo's H2, then out: the classes of a start, not of a run.
            run(dir, "training", List.of(java(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-XX:ArchiveClassesAtExit=" + archive, "-Daxoniq.update-checker.disabled=true",
                    "-Dspring.context.exit=onRefresh", "-jar", extracted.toString()),
                    Map.of("IDM_DATA_DIR", data.toString(), "SPRING_PROFILES_ACTIVE", "demo", "PORT", "0"));
            delete(data);
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("the training start of " + name + " made no archive; see "
                        + dir.resolve("training.log"));
            }
            Files.writeString(stamp, from);
            return new ServiceLaunch(extracted, archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end, its output in {@code <dir>/<what>.log}; nothing from this environment leaks in. */
    private static void run(Path dir, String what, List<String> command, Map<String, String> environment)
            throws IOException {
        Path log = dir.resolve(what + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(TRAINING_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " in " + dir + " took over " + TRAINING_MINUTES + " min");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what + " in " + dir, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " in " + dir + " exited with " + process.exitValue() + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
