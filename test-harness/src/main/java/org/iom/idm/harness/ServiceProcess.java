package org.iom.idm.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

/**
 * One service started from its executable jar as a separate process on a port of its own, its output in a log
 * file: fresh at the first start, continued when the same service is started again.
 */
public final class ServiceProcess {

    private static final int TAIL_LINES = 120;
    private static final Duration HEALTH_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final long HEALTH_POLL_MILLIS = 250;
    private static final long STOP_WAIT_SECONDS = 30;
    /** The services must not look for updates over the network while they are measured or tested. */
    private static final String NO_UPDATE_CHECK = "-Daxoniq.update-checker.disabled=true";
    /**
     * Nothing from the caller's environment may point the services elsewhere; the services of one run share the
     * token secret that the demo makes in their data folder.
     */
    private static final List<String> CLEARED_ENVIRONMENT = List.of("IDM_DB_URL", "IDM_DB_USER", "IDM_DB_PASSWORD",
            "IDM_DEMO_PASSWORD", "IDM_TOKEN_SECRET", "SERVER_PORT", "SPRING_APPLICATION_JSON", "SPRING_CONFIG_LOCATION",
            "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_DATASOURCE_URL", "SPRING_PROFILES_ACTIVE",
            "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private final String name;
    private final Path jar;
    private final int port;
    private final Path log;
    private final HttpClient health = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HEALTH_CONNECT_TIMEOUT).build();
    private Process process;
    private boolean startedBefore;

    private ServiceProcess(String name, Path jar, int port, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.log = log;
    }

    /** The service {@code name} from {@code jar} on a free port, logging to {@code <logDir>/<name>.log}. */
    public static ServiceProcess onFreePort(String name, Path jar, Path logDir) {
        return new ServiceProcess(name, jar, freePort(), logDir.resolve(name + ".log"));
    }

    /** A port that nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** The running process, e.g. for its CPU time. */
    public Optional<ProcessHandle> handle() {
        Process running = process;
        return running == null || !running.isAlive() ? Optional.empty() : Optional.of(running.toHandle());
    }

    /** Starts the jar with the JVM options and, on top of a cleaned copy of this environment, {@code environment}. */
    public void start(List<String> jvmOptions, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add(NO_UPDATE_CHECK);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(startedBefore ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        CLEARED_ENVIRONMENT.forEach(env::remove);
        env.putAll(environment);
        env.put("PORT", Integer.toString(port));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        startedBefore = true;
    }

    /** Waits until {@code /actuator/health} answers UP; fails with the tail of the log if it never does. */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve("/actuator/health"))
                .timeout(HEALTH_REQUEST_TIMEOUT).GET().build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException(name + " exited" + (running == null ? "" : " with "
                        + running.exitValue()) + " during start-up; the tail of " + log + ":\n" + tail());
            }
            try {
                HttpResponse<String> response = health.send(request, HttpResponse.BodyHandlers.ofString());
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
    public void stop() {
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

    /** The last lines of the log, for a failure message. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The JVM that runs this one, so the services run on the same Java. */
    private static String javaExecutable() {
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }
}
