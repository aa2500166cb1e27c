package org.iom.idm.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command and the query service: either processes that the benchmark starts from the built jars on free
 * ports (and stops at the end), or services already running at given URLs.
 */
final class Services implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration HEALTH_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final String SERVICE_PLACEHOLDER = "{service}";

    private final URI commandUri;
    private final URI queryUri;
    private final ServiceProcess command;
    private final ServiceProcess query;
    private final List<String> jvmOptions;
    private final Database database;
    private final HttpClient health = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HEALTH_CONNECT_TIMEOUT).build();

    private Services(URI commandUri, URI queryUri, ServiceProcess command, ServiceProcess query,
                     List<String> jvmOptions, Database database) {
        this.commandUri = commandUri;
        this.queryUri = queryUri;
        this.command = command;
        this.query = query;
        this.jvmOptions = jvmOptions;
        this.database = database;
    }

    static Services running(Options options) {
        return new Services(URI.create(options.commandUrl()), URI.create(options.queryUrl()), null, null, List.of(),
                null);
    }

    /** Starts the command service (it creates the event store and seeds the demo), then the query service. */
    static Services start(Options options, Database database, Path workDir) {
        Path commandJar = options.commandJar() != null ? options.commandJar()
                : findJar(options.projectDir(), "command-service");
        Path queryJar = options.queryJar() != null ? options.queryJar() : findJar(options.projectDir(), "query-service");
        ServiceProcess command = new ServiceProcess("command-service", commandJar, freePort(),
                workDir.resolve("command-service.log"));
        ServiceProcess query = new ServiceProcess("query-service", queryJar, freePort(),
                workDir.resolve("query-service.log"));
        List<String> jvm = new ArrayList<>();
        jvm.add("-Daxoniq.update-checker.disabled=true");
        jvm.addAll(options.serviceJvmOptions());
        Services services = new Services(command.baseUri(), query.baseUri(), command, query, List.copyOf(jvm), database);
        try {
            command.start(services.jvmOptionsOf(command), database.serviceEnvironment());
            command.awaitHealthy(services.health, START_TIMEOUT);
            services.startQueryService();
        } catch (RuntimeException | Error failure) {
            services.close();
            throw failure;
        }
        return services;
    }

    URI commandUri() {
        return commandUri;
    }

    URI queryUri() {
        return queryUri;
    }

    boolean started() {
        return command != null;
    }

    /**
     * Stops the query service, if the benchmark started it, so that events written straight into the store are
     * not processed while they are written; {@link #startQueryService} brings it back.
     */
    boolean stopQueryService() {
        if (query == null) {
            return false;
        }
        query.stop();
        return true;
    }

    void startQueryService() {
        query.start(jvmOptionsOf(query), database.serviceEnvironment());
        query.awaitHealthy(health, START_TIMEOUT);
    }

    /** The service processes that run now (none when the services were already running), by name. */
    Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        for (ServiceProcess service : new ServiceProcess[] {command, query}) {
            if (service != null) {
                service.handle().ifPresent(handle -> processes.put(service.name(), handle));
            }
        }
        return processes;
    }

    /** The JVM options with {@value #SERVICE_PLACEHOLDER} replaced by the service's name, e.g. for JFR files. */
    private List<String> jvmOptionsOf(ServiceProcess service) {
        return jvmOptions.stream().map(option -> option.replace(SERVICE_PLACEHOLDER, service.name())).toList();
    }

    @Override
    public void close() {
        if (query != null) {
            query.stop();
        }
        if (command != null) {
            command.stop();
        }
    }

    /** The service's executable jar in {@code <project>/<module>/target}, as Maven's package phase leaves it. */
    static Path findJar(Path projectDir, String module) {
        Path target = projectDir.resolve(module).resolve("target");
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(target, module + "-*.jar")) {
            found.forEach(jars::add);
        } catch (IOException e) {
            throw new IllegalStateException("no " + target + "; build first: mvn -B -q -DskipTests package -pl "
                    + "benchmark -am (or give --project-dir, --command-jar, --query-jar)", e);
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one " + module + "-*.jar in " + target + ", found " + jars
                    + "; build first (mvn -B -q -DskipTests package -pl benchmark -am) or give --" + module.replace(
                    "-service", "") + "-jar");
        }
        return jars.get(0);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
