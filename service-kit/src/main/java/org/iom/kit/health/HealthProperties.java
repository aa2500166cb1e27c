package org.iom.kit.health;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The health checks that run in the background (idm.health.*): each runs every {@code interval}, and one that has
 * not finished for {@code overdueAfter} reports down; the database's check waits at most {@code databaseTimeout}
 * for a connection and as long again for the database to answer on it.
 */
@ConfigurationProperties("idm.health")
public record HealthProperties(Duration interval, Duration overdueAfter, Duration databaseTimeout) {
}
