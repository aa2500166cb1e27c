package org.iom.idm.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service started from its executable jar as a separate process, its output in a log file. */
final class ServiceProcess {

    private static final int TAIL_LINES = 120;

    private final String name;
    private final Path jar;
    private final int port;
    private final Path log;
    private Process process;

    ServiceProcess(String name, Path jar, int port, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.log = log;
    }

    URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    String name() {
        return name;
    }

    /** Starts the jar with the JVM options and, on top of a cleaned copy of this environment, {@code environment}. */
    void start(List<String> jvmOptions, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // Nothing from the caller's environment may point the services elsewhere; the services of one test run
        // share the token secret that the demo makes in their data folder.
        List.of("IDM_DB_URL", "IDM_DB_USER", "IDM_DB_PASSWORD", "IDM_DEMO_PASSWORD", "IDM_TOKEN_SECRET",
                "SERVER_PORT", "SPRING_APPLICATION_JSON", "SPRING_CONFIG_LOCATION", "SPRING_CONFIG_ADDITIONAL_LOCATION",
                "SPRING_DATASOURCE_URL", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS").forEach(env::remove);
        env.remove("SPRING_PROFILES_ACTIVE");
        env.putAll(environment);
        env.put("PORT", Integer.toString(port));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Waits until {@code /actuator/health} answers UP; fails with the tail of the log if it never does. */
    void awaitHealthy(HttpClient http, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " during start-up; the tail of " + log + ":\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " was not healthy within " + timeout + " (last: " + last
                + "); the tail of " + log + ":\n" + tail());
    }

    /** Stops the service (gracefully, then by force) and waits until it is gone. */
    void stop() {
        Process running = process;
        if (running == null) {
            return;
        }
        try {
            running.destroy();
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                running.destroyForcibly();
                running.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static String javaExecutable() {
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
