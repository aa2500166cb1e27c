package org.iom.idm.web;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.kit.demo.DemoMemberStates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Spring context of the command service's HTTP tests: the whole service on a random port with the
 * demo users and seed, on an in-memory database. Tests talk to it through the JDK's HTTP client, so filters,
 * Content-Length and chunked bodies behave as for any client. Each test makes its own consultations; member
 * states whose delegates act are claimed once per run, so no test sees another's ballots or suspensions.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:command-api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa",
        "spring.datasource.password=",
        "idm.security.demo-password=" + ApiTestSupport.PASSWORD,
        // The demo's token secret goes here, not into the module's own folder.
        "idm.data-dir=target/test-data",
        // Every test's consultations are then loaded from snapshots as well as from events.
        "idm.commands.snapshot-after=" + ApiTestSupport.SNAPSHOT_AFTER,
        // The tests send wrong passwords and tokens on purpose, all from this machine, far more often than people
        // do; SignInThrottleApiTest shows the throttle with limits of its own.
        "idm.security.sign-in-throttle.failures-per-user=" + Integer.MAX_VALUE,
        "idm.security.sign-in-throttle.failures-per-address=" + Integer.MAX_VALUE,
        "idm.security.events.refused-tokens-per-address=" + Integer.MAX_VALUE
})
@ActiveProfiles("demo")
public abstract class ApiTestSupport {

    protected static final String PASSWORD = "demo";
    protected static final int SNAPSHOT_AFTER = 5;
    protected static final String SECRETARIAT = "secretariat";
    protected static final String CHAIR = "chair";
    protected static final String OBSERVER = "observer";
    /** The demo seed's consultation (CONTRACT §6). */
    protected static final String SEEDED_CONSULTATION = "idm-2010-theme";
    /** The request body limit of CONTRACT §5, in bytes. */
    protected static final int BODY_LIMIT = 64 * 1024;
    protected static final String JSON_TYPE = "application/json";
    protected static final String PROBLEM_JSON = "application/problem+json";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Iterator<DemoMemberStates.Entry> UNCLAIMED_STATES = DemoMemberStates.all().iterator();
    private static final Set<String> HANDED_OUT_CODES = new HashSet<>();

    @LocalServerPort
    private int port;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private EventStore eventStore;

    // --- who calls -------------------------------------------------------------------------------------------

    protected static String delegateOf(String memberState) {
        return "delegate-" + memberState.toLowerCase();
    }

    protected Caller as(String username) {
        return withCredentials(username, PASSWORD);
    }

    protected Caller withCredentials(String username, String password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return anonymous().header("Authorization", "Basic " + token);
    }

    protected Caller anonymous() {
        return new Caller(Map.of());
    }

    /** An HTTP caller: its headers, then one request per call. */
    protected final class Caller {
        private final Map<String, String> headers;

        private Caller(Map<String, String> headers) {
            this.headers = headers;
        }

        public Caller header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Caller(more);
        }

        /** A request without a body. */
        public Reply post(String path) {
            return send("POST", path, null, BodyPublishers.noBody());
        }

        public Reply post(String path, Map<String, ?> body) {
            return send("POST", path, JSON_TYPE, BodyPublishers.ofString(json(body)));
        }

        public Reply put(String path, Map<String, ?> body) {
            return send("PUT", path, JSON_TYPE, BodyPublishers.ofString(json(body)));
        }

        /** Any request; {@code contentType} null sends none. */
        public Reply send(String method, String path, String contentType, BodyPublisher body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body);
            headers.forEach(request::header);
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            try {
                var response = HTTP.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Reply(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(method + " " + path + " interrupted", e);
            }
        }
    }

    /** What came back. */
    protected record Reply(int status, HttpHeaders headers, String body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + headers.firstValue("Content-Type").orElse("") + " " + body;
        }
    }

    // --- request bodies --------------------------------------------------------------------------------------

    protected static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** Body bytes with a declared Content-Length. */
    protected static BodyPublisher withLength(String body) {
        return BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Body bytes without a declared length: the client sends them chunked. */
    protected static BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    /**
     * A JSON object with the given fields and an unknown {@code padding} field that takes it past the body
     * limit. Unknown fields are ignored, so without the limit the request would be accepted.
     */
    protected static String oversize(Map<String, ?> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("padding", "x".repeat(BODY_LIMIT + 1));
        return json(body);
    }

    protected static Map<String, String> reason(String text) {
        return Map.of("reason", text);
    }

    // --- assertions ------------------------------------------------------------------------------------------

    protected static String assertCreated(Reply reply, String idField) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(201);
        assertThat(reply.header("Content-Type")).startsWith(JSON_TYPE);
        String id = reply.json().path(idField).asString(null);
        assertThat(id).as("%s", reply).isNotBlank();
        return id;
    }

    protected static void assertNoContent(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(204);
    }

    /** A problem+json answer (RFC 9457) with the contract's status and stable code. */
    protected static JsonNode assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as("%s", reply).startsWith(PROBLEM_JSON);
        JsonNode problem = reply.json();
        assertThat(problem.path("code").asString(null)).as("%s", reply).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asString(null)).isNotBlank();
        assertThat(problem.path("title").asString(null)).isNotBlank();
        return problem;
    }

    /** 400 VALIDATION_FAILED naming exactly the offending fields. */
    private static void assertValidationFailed(Reply reply, String... fields) {
        JsonNode problem = assertProblem(reply, 400, "VALIDATION_FAILED");
        List<String> named = new ArrayList<>();
        problem.path("fields").forEach(field -> named.add(field.path("field").asString(null)));
        assertThat(named).as("%s", reply).containsOnly(fields);
    }

    /** Sends a request that must be refused with the given problem, and proves that no event was stored. */
    protected Reply assertRejected(int status, String code, Supplier<Reply> request) {
        long before = storedEventCount();
        Reply reply = request.get();
        assertProblem(reply, status, code);
        assertThat(storedEventCount()).as("events stored by a rejected request: %s", reply).isEqualTo(before);
        return reply;
    }

    /** A request refused with 400 VALIDATION_FAILED naming exactly the offending fields, storing nothing. */
    protected Reply assertInvalid(Supplier<Reply> request, String... fields) {
        Reply reply = assertRejected(400, "VALIDATION_FAILED", request);
        assertValidationFailed(reply, fields);
        return reply;
    }

    // --- at the same time -------------------------------------------------------------------------------------

    /** Sends {@code count} requests at once and waits for all answers. */
    protected static List<Reply> concurrently(int count, Supplier<Reply> request) {
        return concurrently(Collections.nCopies(count, request));
    }

    /** Sends the requests at once and waits for all answers, in the requests' order. */
    protected static List<Reply> concurrently(List<Supplier<Reply>> requests) {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reply>> replies = new ArrayList<>();
            for (Supplier<Reply> request : requests) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            List<Reply> answers = new ArrayList<>();
            for (Future<Reply> reply : replies) {
                answers.add(reply.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- the event store -------------------------------------------------------------------------------------

    protected long storedEventCount() {
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    protected List<? extends DomainEventMessage<?>> eventsOf(String aggregateId) {
        return eventStore.readEvents(aggregateId, 0).asStream().toList();
    }

    protected DomainEventMessage<?> lastEventOf(String aggregateId) {
        List<? extends DomainEventMessage<?>> events = eventsOf(aggregateId);
        assertThat(events).as("events of %s", aggregateId).isNotEmpty();
        return events.get(events.size() - 1);
    }

    /** The payload of the aggregate's latest event, which must be of the given type. */
    protected <T> T lastPayloadOf(String aggregateId, Class<T> type) {
        Object payload = lastEventOf(aggregateId).getPayload();
        assertThat(payload).isInstanceOf(type);
        return type.cast(payload);
    }

    /** Rule 7 of CONTRACT §3: who acted, in which role, for which member state, in which request. */
    protected static void assertActor(DomainEventMessage<?> event, String actor, String role, String memberState) {
        assertThat(event.getMetaData().get("actor")).isEqualTo(actor);
        assertThat(event.getMetaData().get("role")).isEqualTo(role);
        assertThat(event.getMetaData().get("memberState")).isEqualTo(memberState);
        assertThat(event.getMetaData().get("correlationId")).asString().isNotBlank();
    }

    // --- fresh fixtures, made through the API ----------------------------------------------------------------

    /** An id that no other test uses, matching the contract's id pattern. */
    protected static String uniqueId(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A seeded member state that no other test in this run acts for, so its ballots and rights are its own. */
    protected static synchronized String claimMemberState() {
        assertThat(UNCLAIMED_STATES.hasNext()).as("seeded member states left to claim").isTrue();
        return UNCLAIMED_STATES.next().code();
    }

    /** A code in the member state pattern that is neither registered nor handed out before. */
    protected String unregisteredCode() {
        synchronized (HANDED_OUT_CODES) {
            for (char first = 'Q'; first <= 'Z'; first++) {
                for (char second = 'A'; second <= 'Z'; second++) {
                    for (char third = 'A'; third <= 'Z'; third++) {
                        String code = "" + first + second + third;
                        if (!HANDED_OUT_CODES.contains(code) && eventsOf(code).isEmpty()) {
                            HANDED_OUT_CODES.add(code);
                            return code;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no unregistered member state code left");
    }

    /** A member state registered by the secretariat just now, with active voting rights and no delegate. */
    protected String registerMemberState() {
        String code = unregisteredCode();
        assertThat(assertCreated(as(SECRETARIAT).post("/api/member-states", Map.of("code", code,
                "name", "State " + code)), "code")).isEqualTo(code);
        return code;
    }

    protected String newConsultation() {
        return newConsultation(Map.of());
    }

    /** A fresh OPEN consultation made by the secretariat; {@code settings} add to or replace the defaults. */
    protected String newConsultation(Map<String, ?> settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", uniqueId("c"));
        body.put("title", "Consultation " + body.get("id"));
        body.put("question", "Which theme should IDM select?");
        body.putAll(settings);
        return assertCreated(as(SECRETARIAT).post("/api/consultations", body), "id");
    }

    protected String submitProposal(String cid, String username) {
        return submitProposal(cid, username, "Proposal " + uniqueId("p"));
    }

    protected String submitProposal(String cid, String username, String title) {
        return assertCreated(as(username).post(proposalsOf(cid),
                Map.of("title", title, "summary", "Why " + title + " matters")), "id");
    }

    protected void openVoting(String cid) {
        assertNoContent(as(CHAIR).post(consultation(cid) + "/open-voting"));
    }

    protected void closeVoting(String cid) {
        assertNoContent(as(CHAIR).post(consultation(cid) + "/close-voting"));
    }

    protected void castBallot(String cid, String memberState, String... choices) {
        assertNoContent(as(delegateOf(memberState)).put(consultation(cid) + "/ballots/" + memberState,
                Map.of("choices", List.of(choices))));
    }

    protected void decide(String cid, String selected) {
        assertNoContent(as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(selected), "rationale", "The chair's reasons")));
    }

    protected String addComment(String cid, String pid, String username) {
        return assertCreated(as(username).post(proposal(cid, pid) + "/comments",
                Map.of("text", "A comment " + uniqueId("m"))), "id");
    }

    protected void withdraw(String cid, String pid, String username) {
        assertNoContent(as(username).post(proposal(cid, pid) + "/withdraw", reason("No longer needed")));
    }

    // --- paths -----------------------------------------------------------------------------------------------

    protected static String consultation(String cid) {
        return "/api/consultations/" + cid;
    }

    protected static String proposalsOf(String cid) {
        return consultation(cid) + "/proposals";
    }

    protected static String proposal(String cid, String pid) {
        return proposalsOf(cid) + "/" + pid;
    }

    protected static String comment(String cid, String pid, String mid) {
        return proposal(cid, pid) + "/comments/" + mid;
    }

    protected static String memberState(String code) {
        return "/api/member-states/" + code;
    }
}
