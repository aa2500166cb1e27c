package org.iom.idm.operations;

import org.iom.kit.health.BackgroundHealth;
import org.iom.kit.health.HealthProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: while the database probe says the database cannot be reached, the service is not ready (readiness 503
 * DOWN, and so is the overall health) but still live (liveness 200 UP), so an orchestrator sends it no traffic
 * instead of restarting it; ready again as soon as the probe finds the database.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        // A context of its own, so a database of its own.
        "spring.datasource.url=jdbc:h2:mem:command-readiness;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa",
        "spring.datasource.password=",
        "idm.security.demo-password=demo",
        "idm.data-dir=target/test-data",
        "idm.demo.seed=false"
})
@ActiveProfiles("demo")
class ReadinessTest {

    private static final AtomicReference<Health> PROBE = new AtomicReference<>(Health.up().build());

    /** The database's health as the probe would report it, set by the test. */
    @TestConfiguration
    static class ProbeSaysWhatTheTestSays {
        @Bean
        BackgroundHealth databaseHealthIndicator(HealthProperties settings) {
            return new BackgroundHealth("database", PROBE::get, settings, InstantSource.system());
        }
    }

    @LocalServerPort
    private int port;
    @Autowired
    private BackgroundHealth databaseHealthIndicator;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withoutItsDatabaseTheServiceIsNotReadyButStillLiveAndReadyAgainOnceItIsBack() throws Exception {
        probeFinds(Health.down().withDetail("error", "Connection refused").build());

        assertThat(get("/actuator/health/readiness")).isEqualTo("503 DOWN");
        assertThat(get("/actuator/health/liveness")).isEqualTo("200 UP");
        assertThat(get("/actuator/health")).isEqualTo("503 DOWN");

        probeFinds(Health.up().build());

        assertThat(get("/actuator/health/readiness")).isEqualTo("200 UP");
        assertThat(get("/actuator/health/liveness")).isEqualTo("200 UP");
        assertThat(get("/actuator/health")).isEqualTo("200 UP");
    }

    private void probeFinds(Health health) {
        PROBE.set(health);
        databaseHealthIndicator.refresh();
    }

    /** The status code and the health status of the answer. */
    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return response.statusCode() + " " + (body.contains("\"status\":\"UP\"") ? "UP"
                : body.contains("\"status\":\"DOWN\"") ? "DOWN" : body);
    }
}
