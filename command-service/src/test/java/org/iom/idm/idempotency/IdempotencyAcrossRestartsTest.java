package org.iom.idm.idempotency;

import org.iom.idm.CommandServiceApplication;
import org.iom.idm.axon.AxonDefaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: the keys are in the database, so a retry reaching a service started anew (here: a new context on the
 * same in-memory database) gets the first answer; a key is honoured for 24 hours, on a clock the test moves, and
 * the keys older than that are deleted by a scheduled task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyAcrossRestartsTest {

    private static final String DATABASE = "jdbc:h2:mem:idempotency-restarts;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    private static final Duration DAY = Duration.ofHours(24);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2031-03-01T09:00:00Z"));
    /** The service of the tests on the clock; the restart test runs two of its own. */
    private Service service;

    @BeforeAll
    void startTheService() {
        service = start();
    }

    @AfterAll
    void stopTheService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aRetryReachingARestartedServiceGetsTheFirstAnswer() {
        String key = UUID.randomUUID().toString();
        String path;
        String first;
        try (Service before = start()) {
            path = before.commentsPathOfANewProposal();
            first = before.comment(path, key);
        }
        try (Service restarted = start()) {
            assertThat(restarted.comment(path, key)).isEqualTo(first);
            assertThat(restarted.comments(path)).isEqualTo(1);
        }
    }

    @Test
    void aKeyIsHonouredFor24HoursAndThenTheRequestIsNew() {
        String key = UUID.randomUUID().toString();
        String path = service.commentsPathOfANewProposal();
        String first = service.comment(path, key);

        now.set(now.get().plus(DAY).minusSeconds(1));
        assertThat(service.comment(path, key)).isEqualTo(first);
        now.set(now.get().plusSeconds(1));
        String later = service.comment(path, key);

        assertThat(later).isNotEqualTo(first);
        assertThat(service.comments(path)).isEqualTo(2);
        // The new request's key is honoured from now on.
        assertThat(service.comment(path, key)).isEqualTo(later);
    }

    @Test
    void aScheduledTaskDeletesTheKeysADayOld() {
        String path = service.commentsPathOfANewProposal();
        service.comment(path, "old-" + UUID.randomUUID());
        now.set(now.get().plus(DAY));
        String recent = "recent-" + UUID.randomUUID();
        service.comment(path, recent);

        int deleted = service.context.getBean(IdempotencyKeys.class).prune();

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(service.jdbc().queryForList("select idempotency_key from idempotency_key", String.class))
                .contains(recent).noneMatch(stored -> stored.startsWith("old-"));
        assertThat(service.jdbc().queryForObject(
                "select count(*) from scheduled_tasks where task_name = 'prune-idempotency-keys'", Integer.class))
                .as("the pruning task, scheduled").isEqualTo(1);
    }

    private Service start() {
        AxonDefaults.apply();
        InstantSource clock = now::get;
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandServiceApplication.class)
                .profiles("demo")
                .initializers(starting -> starting.getBeanFactory().registerSingleton("testClock", clock))
                // As arguments, above application.yml (default properties would lose to its port and database).
                .run("--spring.datasource.url=" + DATABASE, "--spring.datasource.username=sa",
                        "--spring.datasource.password=", "--server.port=0", "--idm.data-dir=target/test-data");
        return new Service(context);
    }

    /** One run of the service, called over HTTP as its demo users. */
    private record Service(ConfigurableApplicationContext context) implements AutoCloseable {

        /** A fresh consultation with one proposal: where its comments are posted. */
        String commentsPathOfANewProposal() {
            String cid = "restarts-" + UUID.randomUUID().toString().substring(0, 8);
            post("secretariat", "/api/consultations", null,
                    Map.of("id", cid, "title", "Consultation " + cid, "question", "Which theme?"));
            String pid = post("secretariat", "/api/consultations/" + cid + "/proposals", null,
                    Map.of("title", "Labour Mobility", "summary", "Why it matters")).path("id").asString();
            return "/api/consultations/" + cid + "/proposals/" + pid + "/comments";
        }

        /** The id the service answers for the observer's comment sent with {@code key}. */
        String comment(String path, String key) {
            return post("observer", path, key, Map.of("text", "Noted")).path("id").asString();
        }

        int comments(String path) {
            String[] ids = path.split("/");
            return jdbc().queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and payload_type like '%CommentAdded'", Integer.class, ids[3]);
        }

        JdbcTemplate jdbc() {
            return context.getBean(JdbcTemplate.class);
        }

        private JsonNode post(String user, String path, String key, Map<String, String> body) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (key != null) {
                request.header(IdempotencyKeyFilter.HEADER, key);
            }
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(201);
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException("POST " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("POST " + path + " interrupted", e);
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
