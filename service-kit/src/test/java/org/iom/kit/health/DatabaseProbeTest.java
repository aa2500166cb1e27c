package org.iom.kit.health;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probe asks the database itself, on its own connection: down while the database is gone, up again by itself
 * once it is back, never holding a connection of the requests' pool.
 */
class DatabaseProbeTest {

    @TempDir
    Path dir;
    private HikariDataSource requests;
    private DatabaseProbe probe;

    @AfterEach
    void close() {
        if (probe != null) {
            probe.close();
        }
        if (requests != null) {
            requests.close();
        }
    }

    @Test
    void theProbeIsDownWhileTheDatabaseIsGoneAndUpAgainOnceItIsBack() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        createDatabase(url);
        requests = pool(url + ";IFEXISTS=TRUE");
        probe = new DatabaseProbe(requests, Duration.ofSeconds(1));
        assertThat(probe.check().getStatus()).isEqualTo(Status.UP);

        removeDatabase(url);
        assertThat(probe.check().getStatus()).isEqualTo(Status.DOWN);
        assertThat(probe.check().getStatus()).isEqualTo(Status.DOWN);

        createDatabase(url);
        // The probe's pool reconnects by itself, after its own pause between attempts.
        await("the probe up again").atMost(Duration.ofSeconds(30))
                .until(() -> probe.check().getStatus().equals(Status.UP));
    }

    @Test
    void theProbeAnswersWhileEveryConnectionOfTheRequestsPoolIsTaken() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        createDatabase(url);
        requests = pool(url);
        probe = new DatabaseProbe(requests, Duration.ofSeconds(1));

        try (Connection taken = requests.getConnection()) {
            assertThat(requests.getHikariPoolMXBean().getIdleConnections()).isZero();
            assertThat(probe.check().getStatus()).isEqualTo(Status.UP);
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setPoolName("requests");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(1000);
        config.setValidationTimeout(500);
        return new HikariDataSource(config);
    }

    private static void createDatabase(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    /** Closes the database, cutting every connection to it, and deletes its files: no one can open it again. */
    private void removeDatabase(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("shutdown");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }
}
