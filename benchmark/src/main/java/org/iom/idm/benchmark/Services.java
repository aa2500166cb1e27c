package org.iom.idm.benchmark;

import org.iom.idm.harness.ServiceApi;
import org.iom.idm.harness.ServicePair;
import org.iom.idm.harness.ServiceProcess;

import java.io.IOException;
import java.net.URI;
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
    static final String SERVICE_PLACEHOLDER = "{service}";

    private final ServiceApi api;
    /** None when the services were already running. */
    private final ServicePair pair;
    private final List<String> jvmOptions;
    private final Database database;

    private Services(ServiceApi api, ServicePair pair, List<String> jvmOptions, Database database) {
        this.api = api;
        this.pair = pair;
        this.jvmOptions = jvmOptions;
        this.database = database;
    }

    static Services running(Options options) {
        return new Services(new ServiceApi(URI.create(options.commandUrl()), URI.create(options.queryUrl())), null,
                List.of(), null);
    }

    /** Starts the command service (it creates the event store and seeds the demo), then the query service. */
    static Services start(Options options, Database database, Path workDir) {
        Path commandJar = options.commandJar() != null ? options.commandJar()
                : findJar(options.projectDir(), "command-service");
        Path queryJar = options.queryJar() != null ? options.queryJar() : findJar(options.projectDir(), "query-service");
        ServicePair pair = new ServicePair(commandJar, queryJar, workDir);
        Services services = new Services(new ServiceApi(pair.commandService().baseUri(),
                pair.queryService().baseUri()), pair, List.copyOf(options.serviceJvmOptions()), database);
        pair.start(services.jvmOptionsOf(pair.commandService()), services.jvmOptionsOf(pair.queryService()),
                database.serviceEnvironment(), START_TIMEOUT);
        return services;
    }

    /** The client of these services. */
    ServiceApi api() {
        return api;
    }

    /** Whether the benchmark started the services (and stops them at the end). */
    boolean started() {
        return pair != null;
    }

    /**
     * Stops the query service, if the benchmark started it, so that events written straight into the store are
     * not processed while they are written; {@link #startQueryService} brings it back.
     */
    boolean stopQueryService() {
        if (pair == null) {
            return false;
        }
        pair.queryService().stop();
        return true;
    }

    void startQueryService() {
        ServiceProcess query = pair.queryService();
        query.start(jvmOptionsOf(query), database.serviceEnvironment());
        query.awaitHealthy(START_TIMEOUT);
    }

    /** The service processes that run now (none when the services were already running), by name. */
    Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        if (pair != null) {
            for (ServiceProcess service : List.of(pair.commandService(), pair.queryService())) {
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
        if (pair != null) {
            pair.close();
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
}
