package org.iom.kit.health;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.health.contributor.Health;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Whether the database answers, asked on a connection of the probe's own, opened with the service's pool settings
 * (address, user, driver time-outs) in a pool of one: a pool that the requests have exhausted is not a database
 * that is down, and a probe never waits behind them. Bounded: at most {@code timeout} for a connection, and as long
 * for the database to answer on it.
 */
final class DatabaseProbe implements AutoCloseable {

    private final HikariDataSource connections;
    private final int timeoutSeconds;

    DatabaseProbe(DataSource dataSource, Duration timeout) {
        HikariConfig config = new HikariConfig();
        try {
            dataSource.unwrap(HikariDataSource.class).copyStateTo(config);
        } catch (SQLException notHikari) {
            throw new IllegalStateException("the database probe copies the settings of a Hikari pool; this service's "
                    + "data source is " + dataSource.getClass().getName(), notHikari);
        }
        config.setPoolName((config.getPoolName() == null ? "database" : config.getPoolName()) + "-probe");
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(timeout.toMillis());
        config.setValidationTimeout(Math.min(config.getValidationTimeout(), timeout.toMillis()));
        // Starts whether or not the database answers now; the check reports what it finds.
        config.setInitializationFailTimeout(-1);
        this.connections = new HikariDataSource(config);
        this.timeoutSeconds = Math.max(1, Math.toIntExact(timeout.toSeconds()));
    }

    Health check() {
        try (Connection connection = connections.getConnection()) {
            if (valid(connection)) {
                return Health.up().build();
            }
            // Not trusted again, whatever the driver made of the failure: the next check opens a new one.
            connections.evictConnection(connection);
            return Health.down().withDetail("error", "no answer within " + timeoutSeconds + " s").build();
        } catch (SQLException unreachable) {
            return Health.down().withDetail("error", unreachable.getMessage()).build();
        }
    }

    private boolean valid(Connection connection) {
        try {
            return connection.isValid(timeoutSeconds);
        } catch (SQLException broken) {
            return false;
        }
    }

    @Override
    public void close() {
        connections.close();
    }
}
