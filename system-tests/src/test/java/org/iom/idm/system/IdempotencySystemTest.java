package org.iom.idm.system;

import org.iom.idm.harness.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.EndToEndSystemTest.body;
import static org.iom.idm.system.EndToEndSystemTest.ids;

/**
 * Issue 17 across instances: a second command service on the run's database beside the suite's own, and each
 * request sent to both at the same moment with one {@code Idempotency-Key}, as a client retrying on another
 * instance would. Both answer the one proposal (or comment) that the first to commit made; the other attempt's key
 * lost the race on the database's key and answers from it.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencySystemTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final int ROUNDS = 4;

    private Api api;
    private ServiceProcess other;

    @BeforeAll
    void startASecondCommandService(Api api, SystemUnderTest system) {
        this.api = api;
        Path workDir = Path.of(System.getProperty("idm.system-tests.work-dir", "target/system-tests"))
                .toAbsolutePath();
        other = ServiceProcess.onFreePort("command-idempotency", ServiceLaunch.command().jar(), workDir);
        other.start(ServiceLaunch.command().jvm(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")),
                system.database().serviceEnvironment());
        other.awaitHealthy(START_TIMEOUT);
    }

    @AfterAll
    void stopIt() {
        if (other != null) {
            other.stop();
        }
    }

    @Test
    void oneRequestSentToTwoCommandInstancesAtOnceWithOneKeyMakesOneProposalAndOneComment() throws Exception {
        String cid = "retried-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("secretariat", "/api/consultations", body("id", cid, "title", "Retried requests " + cid,
                "question", "Which theme?")).expect(201);
        List<String> proposals = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String pid = onBothAtOnce(pool, "delegate-ken", "/api/consultations/" + cid + "/proposals",
                        body("title", "Topic " + round, "summary", "Sent to both instances"));
                proposals.add(pid);
                comments.add(onBothAtOnce(pool, "observer", "/api/consultations/" + cid + "/proposals/" + pid
                        + "/comments", body("text", "Said once, sent twice")));
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode consultation = api.awaitRead("observer", "/api/consultations/" + cid,
                read -> ids(read.path("proposals"), "id").containsAll(proposals));
        assertThat(ids(consultation.path("proposals"), "id")).containsExactlyInAnyOrderElementsOf(proposals);
        for (int round = 0; round < ROUNDS; round++) {
            String comment = comments.get(round);
            JsonNode proposal = api.awaitRead("observer", "/api/consultations/" + cid + "/proposals/"
                    + proposals.get(round), read -> ids(read.path("comments"), "id").contains(comment));
            assertThat(ids(proposal.path("comments"), "id")).containsExactly(comment);
        }
    }

    /** Posts the body to both command instances at once under one new key; both must answer 201 with one id. */
    private String onBothAtOnce(ExecutorService pool, String user, String path, Map<String, Object> body)
            throws Exception {
        String key = UUID.randomUUID().toString();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (URI instance : List.of(api.commandService(), other.baseUri())) {
            sent.add(pool.submit(() -> {
                start.await();
                return post(instance, user, path, key, body);
            }));
        }
        start.countDown();
        List<String> answered = new ArrayList<>();
        for (Future<HttpResponse<String>> reply : sent) {
            HttpResponse<String> response = reply.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as("POST %s to %s: %s", path, response.uri(), response.body())
                    .isEqualTo(201);
            answered.add(Api.JSON.readTree(response.body()).path("id").asString());
        }
        assertThat(answered.get(1)).as("the second instance's answer to %s", path).isEqualTo(answered.get(0));
        return answered.get(0);
    }

    private HttpResponse<String> post(URI instance, String user, String path, String key, Map<String, Object> body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(instance.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", api.authorization(user))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
        return api.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
