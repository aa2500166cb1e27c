package org.iom.idm.system;

import org.iom.idm.harness.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, which the test may stop and start as it likes: a fresh cluster made with the
 * installed server's {@code initdb} in a temporary directory, on a free port of 127.0.0.1, with trust
 * authentication for {@code postgres}. The machine's own server (5432, which CI and the other suites use) is never
 * touched. As root, initdb refuses to run, so every server command then runs as the OS user {@code postgres}.
 * {@link #stop()} is an immediate stop (as a crash would leave it: connections cut, no checkpoint);
 * {@link #start()} brings the same cluster back, through crash recovery. {@link #close()} stops it and deletes it.
 */
final class PrivatePostgres implements AutoCloseable {

    private static final Path INSTALLED = Path.of("/usr/lib/postgresql");
    private static final String SUPERUSER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private boolean running;

    private PrivatePostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Makes a new cluster and starts it; fails with the reason if PostgreSQL's server binaries are not installed. */
    static PrivatePostgres create() {
        Path bin = newestInstalledBin();
        try {
            Path dir = Files.createTempDirectory("idm-private-pg-");
            PrivatePostgres server = new PrivatePostgres(bin, dir, ServiceProcess.freePort());
            try {
                if (asRoot()) {
                    handTo(SUPERUSER, dir);
                }
                server.run("initdb", "-D", server.data.toString(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                        "--locale=C", "--no-sync");
                server.start();
                return server;
            } catch (RuntimeException | Error failure) {
                server.close();
                throw failure;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String user() {
        return SUPERUSER;
    }

    void createDatabase(String name) {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("create database " + name + " encoding 'UTF8' template template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " at " + url("postgres"), e);
        }
    }

    Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url(database), properties);
    }

    /** Starts the cluster and waits until it accepts connections. */
    synchronized void start() {
        run("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                        + " -c fsync=off -c full_page_writes=off -c max_connections=60",
                "start");
        running = true;
    }

    /** Stops the cluster at once, cutting every connection (pg_ctl's immediate mode), and waits until it is down. */
    synchronized void stop() {
        run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "-t", "60", "stop");
        running = false;
    }

    /** The server's log, for a failure message. */
    String log() {
        try {
            return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (running) {
                stop();
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    private void run(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        Path output = dir.resolve(program + ".out");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8) + "\nserver log:\n" + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static Path newestInstalledBin() {
        try (Stream<Path> versions = Files.list(INSTALLED)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PrivatePostgres::majorVersion))
                    .orElseThrow(() -> new IllegalStateException("no initdb and pg_ctl under " + INSTALLED
                            + "/<version>/bin; install PostgreSQL's server (Debian: postgresql)"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL's server binaries are not installed under " + INSTALLED
                    + " (Debian: postgresql)", e);
        }
    }

    private static int majorVersion(Path bin) {
        String version = bin.getParent().getFileName().toString();
        return version.matches("\\d+") ? Integer.parseInt(version) : 0;
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The directory becomes the OS user's, only theirs: the server must own the cluster's directories. */
    private static void handTo(String user, Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView attributes = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        GroupPrincipal group = users.lookupPrincipalByGroupName(user);
        attributes.setOwner(users.lookupPrincipalByName(user));
        attributes.setGroup(group);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory
        }
    }
}
