package org.iom.idm.system;

import org.iom.idm.harness.ServicePair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two services, started once for all system test classes as separate processes on one fresh database
 * (embedded H2 or PostgreSQL, see {@link TestDatabase}), and stopped (and waited for) when the test run ends;
 * a PostgreSQL database is then dropped.
 */
final class SystemUnderTest implements AutoCloseable {

    /**
     * A member state that no demo seed registers; a system test registers it. Its delegate is configured as
     * an extra user of both services (the demo users cover the seeded states only), and the test accredits it
     * (CONTRACT §9), so it can also vote.
     */
    static final String UNSEEDED_STATE = "QZZ";
    static final String UNSEEDED_DELEGATE = "delegate-qzz";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SEED_TIMEOUT = Duration.ofSeconds(60);
    private static final int SEEDED_MEMBER_STATES = 186;

    private final ServicePair services;
    private final Path dataDir;
    private final TestDatabase database;
    private final Api api;
    private final Thread shutdownHook = new Thread(this::stopAll, "system-tests-stop-services");
    private boolean closed;

    private SystemUnderTest(ServicePair services, Path dataDir, TestDatabase database) {
        this.services = services;
        this.dataDir = dataDir;
        this.database = database;
        this.api = new Api(services.commandService().baseUri(), services.queryService().baseUri());
    }

    static SystemUnderTest start() {
        Path workDir = Path.of(System.getProperty("idm.system-tests.work-dir", "target/system-tests"))
                .toAbsolutePath();
        try {
            Files.createDirectories(workDir);
            Path dataDir = Files.createTempDirectory(workDir, "data-");
            TestDatabase database;
            try {
                database = TestDatabase.create(dataDir);
            } catch (RuntimeException noDatabase) {
                deleteQuietly(dataDir);
                throw noDatabase;
            }
            System.out.println("[system-tests] both services on the " + database + "; logs in " + workDir);
            SystemUnderTest system = new SystemUnderTest(new ServicePair(ServiceLaunch.command().jar(),
                    ServiceLaunch.query().jar(), workDir), dataDir,
                    database);
            Runtime.getRuntime().addShutdownHook(system.shutdownHook);
            try {
                system.startServices();
            } catch (RuntimeException | Error failure) {
                system.close();
                throw failure;
            }
            return system;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Api api() {
        return api;
    }

    /** The data folder both services share (IDM_DATA_DIR). */
    Path dataDir() {
        return dataDir;
    }

    /** The database both services use. */
    TestDatabase database() {
        return database;
    }

    Path commandServiceJar() {
        return jar("idm.command-service.jar");
    }

    Path queryServiceJar() {
        return jar("idm.query-service.jar");
    }

    private void startServices() {
        List<String> jvm = List.of(
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-Didm.security.users[0].username=" + UNSEEDED_DELEGATE,
                "-Didm.security.users[0].password={noop}" + Api.PASSWORD,
                "-Didm.security.users[0].role=DELEGATE");
        // Keep-alive comments every second: the stream clients see (and skip) them, and the service notices a
        // closed stream at its next keep-alive instead of holding the request (and its graceful shutdown) for
        // up to two intervals of the default 15 s.
        List<String> queryJvm = new ArrayList<>(jvm);
        queryJvm.add("-Didm.tally-stream.heartbeat=1s");
        // Where the query service forwards the writes of the web UI.
        queryJvm.add("-Didm.command-service.url=" + services.commandService().baseUri());
        services.start(ServiceLaunch.command().jvm(jvm), ServiceLaunch.query().jvm(queryJvm),
                database.serviceEnvironment(), START_TIMEOUT);
        try {
            Await.until("the demo seed in the read models", SEED_TIMEOUT, () -> {
                Api.Response states = api.read("secretariat", "/api/member-states");
                Api.Response seeded = api.read("secretariat", "/api/consultations/idm-2010-theme");
                return states.status() == 200 && states.json().size() >= SEEDED_MEMBER_STATES
                        && seeded.status() == 200 && seeded.json().path("proposals").size() == 2;
            });
        } catch (AssertionError notSeeded) {
            throw new IllegalStateException(notSeeded.getMessage() + "\ncommand-service log tail:\n"
                    + services.commandService().tail() + "\nquery-service log tail:\n"
                    + services.queryService().tail(), notSeeded);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopAll() {
        if (closed) {
            return;
        }
        closed = true;
        services.close();
        try {
            database.close();
        } finally {
            deleteQuietly(dataDir);
        }
    }

    /** A service's executable jar, from the system property that system-tests/pom.xml sets. */
    static Path jar(String property) {
        String location = System.getProperty(property);
        if (location == null) {
            throw new IllegalStateException("system property " + property + " is not set (see system-tests/pom.xml)");
        }
        Path jar = Path.of(location).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; build the services first: "
                    + "mvn -B -o verify -pl system-tests -am -DskipTests");
        }
        return jar;
    }

    private static void deleteQuietly(Path dir) {
        if (Boolean.getBoolean("idm.system-tests.keep-data")) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // only a temporary directory under target/
        }
    }
}
