package org.iom.idm.system;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the tests' own, from the binaries that Maven brings ({@code io.zonky.test.postgres}'s
 * archive for Linux x86-64), so the PostgreSQL suites need nothing installed. Zonky's own launcher is not used:
 * PostgreSQL refuses to run as root, and CI runs as root; here the server's commands then run as {@code nobody}
 * through {@code runuser}. Trust authentication for the user {@code postgres}, on 127.0.0.1 and a free port.
 *
 * <p>A server can be stopped hard and started again on the same data and port (the outage and crash suites do);
 * only this server's processes are touched, through its own {@code pg_ctl}.
 */
final class EmbeddedPostgres implements AutoCloseable {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final String SUPERUSER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path binaries;
    private final Path home;
    private final int port;
    private boolean running;

    private EmbeddedPostgres(Path binaries, Path home, int port) {
        this.binaries = binaries;
        this.home = home;
        this.port = port;
    }

    /** Unpacks the binaries (once per machine and version), makes a fresh cluster and starts it. */
    static EmbeddedPostgres start() {
        try {
            Path binaries = unpackedBinaries();
            Path home = Files.createTempDirectory("idm-embedded-postgres-");
            EmbeddedPostgres server = new EmbeddedPostgres(binaries, home, freePort());
            server.handOverToTheServersUser(home);
            server.run(List.of(server.bin("initdb"), "-A", "trust", "-U", SUPERUSER, "-E", "UTF-8", "--no-locale",
                    "-D", server.data().toString()));
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
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
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("connectTimeout", "5");
        try (Connection admin = DriverManager.getConnection(url("postgres"), properties);
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + name + " encoding 'UTF8' template template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " at " + url("postgres"), e);
        }
    }

    /** The server's log, for a failure message. */
    String log() {
        try {
            return Files.readString(home.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    /**
     * Starts the server on its data and port, waiting until it accepts connections. A test server: no fsync, as
     * its data need not outlive a crash of the machine, only of the server.
     */
    synchronized void startAgain() {
        run(List.of(bin("pg_ctl"), "-D", data().toString(), "-l", home.resolve("server.log").toString(),
                "-o", "-p " + port + " -h 127.0.0.1 -k " + home + " -c fsync=off -c full_page_writes=off"
                        + " -c max_connections=100", "-w", "-t", "60", "start"));
        running = true;
    }

    /** Stops the server at once, as a crash would: no checkpoint, connections cut. */
    synchronized void stopImmediately() {
        run(List.of(bin("pg_ctl"), "-D", data().toString(), "-m", "immediate", "-w", "stop"));
        running = false;
    }

    /** Stops the server and deletes its cluster. */
    @Override
    public synchronized void close() {
        if (running) {
            run(List.of(bin("pg_ctl"), "-D", data().toString(), "-m", "fast", "-w", "stop"));
            running = false;
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + home, e);
        }
    }

    private Path data() {
        return home.resolve("data");
    }

    private String bin(String command) {
        return binaries.resolve("bin").resolve(command).toString();
    }

    private void run(List<String> command) {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
        }
        line.addAll(command);
        try {
            Path output = Files.createTempFile(home, "command-", ".log");
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed (" + process.exitValue() + "): "
                        + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", line), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", line), e);
        }
    }

    /** As root, the cluster's directory belongs to the unprivileged user that runs the server. */
    private void handOverToTheServersUser(Path directory) throws IOException {
        if (isRoot()) {
            Files.setPosixFilePermissions(directory, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            try {
                Process chown = new ProcessBuilder("chown", UNPRIVILEGED_USER, directory.toString()).inheritIO().start();
                if (chown.waitFor() != 0) {
                    throw new IllegalStateException("chown " + UNPRIVILEGED_USER + " " + directory + " failed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while handing " + directory + " over", e);
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The archive unpacked under the temporary directory (readable by everyone, as the server's user must read
     * it), once per version: unpacked beside, then moved into place, so concurrent runs never see half of it.
     */
    private static Path unpackedBinaries() throws IOException {
        // Named after where the archive comes from, so another version of the binaries gets a directory of its own.
        String origin = EmbeddedPostgres.class.getClassLoader().getResource(ARCHIVE).toString();
        Path target = Path.of(System.getProperty("java.io.tmpdir"),
                "idm-postgres-binaries-" + Integer.toHexString(origin.hashCode()));
        if (Files.isExecutable(target.resolve("bin").resolve("postgres"))) {
            return target;
        }
        Path unpacking = Files.createTempDirectory(target.getParent(), "idm-postgres-binaries-unpacking-");
        try (InputStream archive = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = unpacking.resolve(entry.getName()).normalize();
                if (!path.startsWith(unpacking)) {
                    throw new IOException("an entry outside the archive's directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        Files.setPosixFilePermissions(unpacking, permissions(0755));
        try {
            Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException alreadyThere) {
            if (!Files.isExecutable(target.resolve("bin").resolve("postgres"))) {
                throw alreadyThere;
            }
            // Another run unpacked it first.
        }
        return target;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
