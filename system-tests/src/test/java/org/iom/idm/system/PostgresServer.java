package org.iom.idm.system;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server that the PostgreSQL run of the system tests uses. Every run gets fresh databases of its
 * own, created here and dropped again at the end, so runs never see each other's data (and databases that a
 * killed run left behind are dropped by a later run, a day on).
 *
 * <p>Which server: the one that system properties name ({@code mvn verify -Didm.system-tests.postgres.host=...},
 * with {@code .port}, {@code .user}, {@code .password}); else the one that the environment's
 * {@code IDM_TEST_POSTGRES_URL} names ({@code postgresql://user[:password]@host:port}; CI names the machine's);
 * else an embedded server that this JVM starts from the binaries Maven brings ({@link EmbeddedPostgres}) and
 * stops when it ends, so the suites need nothing installed.
 */
final class PostgresServer {

    private static final String PREFIX = "idm.system-tests.postgres.";
    private static final String URL_VARIABLE = "IDM_TEST_POSTGRES_URL";
    /** Where the server is asked to create and drop databases. */
    private static final String ADMIN_DATABASE = "postgres";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);
    /** The names {@link #createDatabase} gives, with the time in them. */
    private static final Pattern OUR_DATABASE = Pattern.compile("idm_st(?:_ref)?_(\\d{8}_\\d{6})_[0-9a-f]{8}");

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private PostgresServer(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    static PostgresServer forThisRun() {
        String host = System.getProperty(PREFIX + "host");
        if (host != null) {
            return new PostgresServer(host, Integer.parseInt(System.getProperty(PREFIX + "port", "5432")),
                    System.getProperty(PREFIX + "user", "postgres"), System.getProperty(PREFIX + "password", ""));
        }
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return fromUrl(url);
        }
        return Embedded.SERVER;
    }

    private static PostgresServer fromUrl(String url) {
        URI uri = URI.create(url.trim());
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(URL_VARIABLE + " must look like postgresql://user[:password]@host:port,"
                    + " not " + url);
        }
        String userInfo = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo();
        int colon = userInfo.indexOf(':');
        return new PostgresServer(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(),
                colon < 0 ? userInfo : userInfo.substring(0, colon), colon < 0 ? "" : userInfo.substring(colon + 1));
    }

    /** Started on first use, once per JVM. */
    private static final class Embedded {
        static final PostgresServer SERVER = start();

        private static PostgresServer start() {
            EmbeddedPostgres server = EmbeddedPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
            System.out.println("[system-tests] no PostgreSQL named (" + URL_VARIABLE + ", -D" + PREFIX
                    + "host): started an embedded PostgreSQL on 127.0.0.1:" + server.port());
            return new PostgresServer("127.0.0.1", server.port(), "postgres", "");
        }
    }

    String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "idm-system-tests");
        return DriverManager.getConnection(url(database), properties);
    }

    /**
     * Creates an empty database with a name no other run uses, e.g. {@code idm_st_20260101_120000_1a2b3c4d}.
     * Fails (never skips) with the reason and what to do if the server cannot be reached.
     */
    String createDatabase(String prefix) {
        String name = prefix + "_" + LocalDateTime.now().format(STAMP) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = connect(ADMIN_DATABASE); Statement statement = admin.createStatement()) {
            dropLeftovers(statement);
            statement.execute("create database " + quote(name) + " encoding 'UTF8' template template0");
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("""
                    The PostgreSQL run of the system tests needs PostgreSQL at %s as the user %s, and cannot \
                    create its database there: %s
                    This run fails instead of skipping. Start that server, or name another with %s or \
                    -Didm.system-tests.postgres.host=... (.port, .user, .password); with neither, the run \
                    starts an embedded one."""
                    .formatted(url(ADMIN_DATABASE), user, e, URL_VARIABLE), e);
        }
    }

    /** Drops the database, closing any connection still open on it. */
    void dropDatabase(String name) {
        try (Connection admin = connect(ADMIN_DATABASE); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + quote(name) + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the database " + name + " at " + url(ADMIN_DATABASE)
                    + ": " + e, e);
        }
    }

    /**
     * Drops the databases of runs that never got to drop their own (a killed JVM), judged by the time in their
     * names: older than a day. Best effort.
     */
    private static void dropLeftovers(Statement statement) {
        LocalDateTime dayAgo = LocalDateTime.now().minusDays(1);
        List<String> leftovers = new ArrayList<>();
        try (ResultSet databases = statement.executeQuery("select datname from pg_database")) {
            while (databases.next()) {
                Matcher name = OUR_DATABASE.matcher(databases.getString(1));
                if (name.matches() && LocalDateTime.parse(name.group(1), STAMP).isBefore(dayAgo)) {
                    leftovers.add(name.group());
                }
            }
            for (String leftover : leftovers) {
                statement.execute("drop database if exists " + quote(leftover) + " with (force)");
            }
        } catch (SQLException | RuntimeException e) {
            System.out.println("[system-tests] could not drop the leftover databases " + leftovers + ": " + e);
        }
    }

    private static String quote(String identifier) {
        if (!identifier.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("not a plain database name: " + identifier);
        }
        return "\"" + identifier + "\"";
    }
}
