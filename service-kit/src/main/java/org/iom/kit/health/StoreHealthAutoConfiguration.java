package org.iom.kit.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.time.InstantSource;

/**
 * The database in the health of a service (issue 17): {@code database}, from a probe run in the background
 * ({@link BackgroundHealth}, {@link DatabaseProbe}), in place of Boot's {@code db} check, which asks the request
 * pool and waits as long as it does (management.health.db.enabled is false). The services put it in their readiness
 * group and leave it out of liveness: without its database a service is not ready, but restarting it helps nothing.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(HealthProperties.class)
public class StoreHealthAutoConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseProbe databaseProbe(DataSource dataSource, HealthProperties settings) {
        return new DatabaseProbe(dataSource, settings.databaseTimeout());
    }

    /** A service (or a test) may report the database's health its own way under this name. */
    @Bean
    @ConditionalOnMissingBean(name = "databaseHealthIndicator")
    BackgroundHealth databaseHealthIndicator(DatabaseProbe probe, HealthProperties settings) {
        return new BackgroundHealth("database", probe::check, settings, InstantSource.system());
    }
}
