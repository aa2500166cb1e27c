package org.iom.idm.system;

import org.iom.idm.harness.ServiceEnvironment;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * The one database that both services share during a run, chosen by the system property
 * {@value #PROPERTY} (system-tests/pom.xml runs the suite once with each):
 * <ul>
 *     <li>{@code h2}: the demo's embedded H2 database, in a temporary directory;</li>
 *     <li>{@code postgres}: a fresh PostgreSQL database (see {@link PostgresServer}), the services running with
 *     the profiles {@code demo,postgres}; dropped at the end of the run.</li>
 * </ul>
 */
final class TestDatabase implements AutoCloseable {

    static final String PROPERTY = "idm.system-tests.database";

    enum Kind { H2, POSTGRES }

    private final Kind kind;
    private final Path dataDir;
    private final PostgresServer server;
    private final String name;
    private boolean dropped;

    private TestDatabase(Kind kind, Path dataDir, PostgresServer server, String name) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.server = server;
        this.name = name;
    }

    static Kind configuredKind() {
        String value = System.getProperty(PROPERTY, "h2").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "h2" -> Kind.H2;
            case "postgres", "postgresql" -> Kind.POSTGRES;
            default -> throw new IllegalStateException(PROPERTY + " is '" + value + "'; expected h2 or postgres");
        };
    }

    /** Creates the run's database; for PostgreSQL fails loudly if the server cannot be reached. */
    static TestDatabase create(Path dataDir) {
        Kind kind = configuredKind();
        if (kind == Kind.H2) {
            return new TestDatabase(kind, dataDir, null, null);
        }
        PostgresServer server = PostgresServer.forThisRun();
        return new TestDatabase(kind, dataDir, server, server.createDatabase("idm_st"));
    }

    /**
     * A fresh PostgreSQL database whatever {@value #PROPERTY} says: for a test that runs services of its own
     * on PostgreSQL only (fails loudly, never skips, if the server cannot be reached).
     */
    static TestDatabase createPostgres(Path dataDir) {
        PostgresServer server = PostgresServer.forThisRun();
        return new TestDatabase(Kind.POSTGRES, dataDir, server, server.createDatabase("idm_st"));
    }

    Kind kind() {
        return kind;
    }

    /** The environment that points both services at this database. */
    Map<String, String> serviceEnvironment() {
        return kind == Kind.H2 ? ServiceEnvironment.h2(dataDir)
                : ServiceEnvironment.postgres(dataDir, jdbcUrl(), server.user(), server.password());
    }

    String jdbcUrl() {
        return kind == Kind.H2 ? "jdbc:h2:file:" + dataDir.resolve("idm") : server.url(name);
    }

    /** The PostgreSQL server (only for {@link Kind#POSTGRES}), e.g. to create a reference database beside. */
    PostgresServer server() {
        requirePostgres();
        return server;
    }

    Connection connect() throws SQLException {
        requirePostgres();
        return server.connect(name);
    }

    @Override
    public synchronized void close() {
        if (kind != Kind.POSTGRES || dropped) {
            return;
        }
        dropped = true;
        if (Boolean.getBoolean("idm.system-tests.keep-data")) {
            System.out.println("[system-tests] keeping the PostgreSQL database " + jdbcUrl());
            return;
        }
        server.dropDatabase(name);
    }

    @Override
    public String toString() {
        return kind == Kind.H2 ? "embedded H2 at " + jdbcUrl() : "PostgreSQL database " + jdbcUrl();
    }

    private void requirePostgres() {
        if (kind != Kind.POSTGRES) {
            throw new IllegalStateException("only the PostgreSQL run connects to its database directly; this is "
                    + this);
        }
    }
}
