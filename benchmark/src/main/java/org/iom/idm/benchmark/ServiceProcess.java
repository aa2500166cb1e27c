package org.iom.idm.benchmark;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One service started from its executable jar as a separate process, its output in a log file. */
final class ServiceProcess {

    private static final int TAIL_LINES = 80;
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final long HEALTH_POLL_MILLIS = 250;
    private static final long STOP_WAIT_SECONDS = 30;
    /**
     * Nothing from the caller's environment may point the services elsewhere; both share the token secret that
     * the demo makes in their data folder.
     */
    private static final List<String> CLEARED_ENVIRONMENT = List.of("IDM_DB_URL", "IDM_DB_USER", "IDM_DB_PASSWORD",
            "IDM_DEMO_PASSWORD", "IDM_TOKEN_SECRET", "SERVER_PORT", "SPRING_APPLICATION_JSON", "SPRING_CONFIG_LOCATION",
            "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_DATASOURCE_URL", "SPRING_PROFILES_ACTIVE",
            "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

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

    /** The running process, for its CPU time. */
    Optional<ProcessHandle> handle() {
        Process running = process;
        return running == null || !running.isAlive() ? Optional.empty() : Optional.of(running.toHandle());
    }

    void start(List<String> jvmOptions, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        CLEARED_ENVIRONMENT.forEach(env::remove);
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
                .timeout(HEALTH_REQUEST_TIMEOUT).GET().build();
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
            Pause.millis(HEALTH_POLL_MILLIS);
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
        process = null;
        try {
            running.destroy();
            if (!running.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                running.destroyForcibly();
                running.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
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
}
