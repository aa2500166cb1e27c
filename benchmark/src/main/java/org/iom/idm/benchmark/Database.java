package org.iom.idm.benchmark;

import org.iom.idm.benchmark.Options.DatabaseKind;
import org.iom.idm.harness.ServiceEnvironment;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The database that the services share and that the benchmark writes to directly (the replay's events, the JDBC
 * baseline): a fresh embedded H2 file, a fresh PostgreSQL database (dropped at the end), or the one given with
 * {@code --jdbc-url}.
 */
final class Database implements AutoCloseable {

    /** Where PostgreSQL is asked to create and drop databases. */
    private static final String POSTGRES_ADMIN_DATABASE = "postgres";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);
    /**
     * The services' own H2 settings (their application.yml): AUTO_SERVER lets the second process, and the
     * benchmark, join the database that the first one opened.
     */
    private static final String H2_SETTINGS =
            ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private final DatabaseKind kind;
    private final String url;
    private final String user;
    private final String password;
    private final Path dataDir;
    private final Options postgresServer;
    private final String createdDatabase;
    private boolean closed;

    private Database(DatabaseKind kind, String url, String user, String password, Path dataDir,
                     Options postgresServer, String createdDatabase) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.dataDir = dataDir;
        this.postgresServer = postgresServer;
        this.createdDatabase = createdDatabase;
    }

    /** The database that running services use, as given on the command line. */
    static Database given(Options options) {
        DatabaseKind kind = options.jdbcUrl().startsWith("jdbc:postgresql:") ? DatabaseKind.POSTGRES : DatabaseKind.H2;
        String user = options.jdbcUser() != null ? options.jdbcUser() : kind == DatabaseKind.H2 ? "sa" : "postgres";
        return new Database(kind, options.jdbcUrl(), user, options.jdbcPassword(), null, null, null);
    }

    /** A fresh database for services that the benchmark starts; PostgreSQL fails loudly when unreachable. */
    static Database fresh(Options options, Path dataDir) {
        if (options.database() == DatabaseKind.H2) {
            return new Database(DatabaseKind.H2, "jdbc:h2:file:" + dataDir.resolve("idm") + H2_SETTINGS, "sa", "",
                    dataDir, null, null);
        }
        String name = "idm_bench_" + LocalDateTime.now().format(STAMP) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = connectPostgres(options, POSTGRES_ADMIN_DATABASE);
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + name + " encoding 'UTF8' template template0");
        } catch (SQLException e) {
            throw new IllegalStateException("The PostgreSQL run needs PostgreSQL at " + options.postgresHost() + ":"
                    + options.postgresPort() + " as the user " + options.postgresUser()
                    + " and cannot create its database there: " + e.getMessage()
                    + "\nStart PostgreSQL (e.g. pg_ctlcluster 15 main start) or give --postgres-host/-port/-user.", e);
        }
        return new Database(DatabaseKind.POSTGRES, postgresUrl(options, name), options.postgresUser(),
                options.postgresPassword(), dataDir, options, name);
    }

    DatabaseKind kind() {
        return kind;
    }

    /** The environment that points a service at this database. */
    Map<String, String> serviceEnvironment() {
        return kind == DatabaseKind.H2 ? ServiceEnvironment.h2(dataDir)
                : ServiceEnvironment.postgres(dataDir, url, user, password);
    }

    Connection connect() throws SQLException {
        return connect(new Properties());
    }

    /** A connection with driver settings on top of the user and password, e.g. PostgreSQL's batch rewriting. */
    Connection connect(Properties driverSettings) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(driverSettings);
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(url, properties);
    }

    /**
     * The statement that takes the event store's append lock and reads the last global index handed out, as the
     * command service does (AppendsInCommitOrder); H2 would give up on the lock after two seconds.
     */
    String takeTheAppendLock() {
        String lock = "select last_index from event_append_order where id = 1 for update";
        return kind == DatabaseKind.POSTGRES ? lock : lock + " wait 30";
    }

    String version() {
        String query = kind == DatabaseKind.POSTGRES ? "select version()" : "select 'H2 ' || h2version()";
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (closed || createdDatabase == null) {
            return;
        }
        closed = true;
        try (Connection admin = connectPostgres(postgresServer, POSTGRES_ADMIN_DATABASE);
             Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + createdDatabase + " with (force)");
        } catch (SQLException e) {
            System.err.println("[benchmark] could not drop the database " + createdDatabase + ": " + e.getMessage());
        }
    }

    /** Keeps a created PostgreSQL database instead of dropping it. */
    synchronized void keep() {
        closed = true;
    }

    @Override
    public String toString() {
        String where = url.replaceAll(";.*", "");
        return (kind == DatabaseKind.H2 ? "embedded H2 " : "PostgreSQL ") + where;
    }

    private static String postgresUrl(Options options, String database) {
        return "jdbc:postgresql://" + options.postgresHost() + ":" + options.postgresPort() + "/" + database;
    }

    private static Connection connectPostgres(Options options, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", options.postgresUser());
        properties.setProperty("password", options.postgresPassword());
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(postgresUrl(options, database), properties);
    }
}
