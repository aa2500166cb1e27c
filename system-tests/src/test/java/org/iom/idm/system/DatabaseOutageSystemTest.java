package org.iom.idm.system;

import org.iom.idm.harness.ServiceEnvironment;
import org.iom.idm.harness.ServicePair;
import org.iom.idm.harness.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.EndToEndSystemTest.body;

/**
 * Issue 17, fail fast through a database outage, with the real jars on a PostgreSQL server of the test's own
 * ({@link EmbeddedPostgres}), stopped at once under a load of ballots for {@value #OUTAGE_SECONDS} s and started
 * again: every write and read while it is down is refused with 503 STORE_UNAVAILABLE (problem+json, Retry-After)
 * within {@link #REFUSAL_LIMIT}; health answers within {@link #HEALTH_LIMIT} on both services, readiness DOWN and
 * liveness UP; once the server is back, writes, reads and readiness recover by themselves within
 * {@link #RECOVERY_LIMIT}, in the same processes. Prints what it measured.
 *
 * <p>PostgreSQL run only (system-tests/pom.xml).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageSystemTest {

    private static final long OUTAGE_SECONDS = 15;
    private static final Duration REFUSAL_LIMIT = Duration.ofSeconds(3);
    private static final Duration HEALTH_LIMIT = Duration.ofSeconds(1);
    /** How soon after the server stopped readiness must say DOWN: the probe looks every half second. */
    private static final Duration DETECTION_LIMIT = Duration.ofSeconds(3);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration SEED_TIMEOUT = Duration.ofSeconds(60);
    /** Each measured request is abandoned only long after any limit, so a slow answer is measured, not lost. */
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(20);
    private static final long PAUSE_MILLIS = 100;
    private static final List<String> VOTERS = List.of("AFG", "ALB", "DZA", "AGO", "ARG", "ARM");
    /** Votes only once the server is back: its ballot in the read model shows that the processors run again. */
    private static final String LATE_VOTER = "AUT";
    private static final List<String> JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private Path workDir;
    private EmbeddedPostgres postgres;
    private ServicePair services;
    private Api api;
    private String ballots;
    private List<String> proposals;

    /** One request and its answer, timed from the test's clock (nanoTime). */
    private record Sample(String what, long sentAt, long answeredAt, int status, String body,
                          Optional<String> retryAfter, Optional<String> contentType) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        Duration took() {
            return Duration.ofNanos(answeredAt - sentAt);
        }

        boolean refusedForTheStore() {
            return status == 503 && body.contains("\"code\":\"STORE_UNAVAILABLE\"") && retryAfter.isPresent()
                    && contentType.filter(type -> type.startsWith("application/problem+json")).isPresent();
        }

        @Override
        public String toString() {
            return what + " -> " + status + " in " + took().toMillis() + " ms " + retryAfter.map(s -> "Retry-After "
                    + s + " ").orElse("") + body.substring(0, Math.min(body.length(), 160));
        }
    }

    @BeforeAll
    void startServicesOnAServerOfOurOwn() throws IOException {
        Assumptions.assumeTrue(TestDatabase.configuredKind() == TestDatabase.Kind.POSTGRES,
                "the outage test belongs to the PostgreSQL run (system-tests/pom.xml)");
        workDir = Path.of(System.getProperty("idm.system-tests.work-dir", "target/system-tests/postgres"))
                .toAbsolutePath().resolve("outage");
        Files.createDirectories(workDir);
        Path dataDir = Files.createTempDirectory(workDir, "data-");
        postgres = EmbeddedPostgres.start();
        postgres.createDatabase("idm");
        services = new ServicePair(ServiceLaunch.command().jar(), ServiceLaunch.query().jar(), workDir);
        List<String> queryJvm = ServiceLaunch.query().jvm(JVM);
        queryJvm.add("-Didm.command-service.url=" + services.commandService().baseUri());
        services.start(ServiceLaunch.command().jvm(JVM), queryJvm, ServiceEnvironment.postgres(dataDir, postgres.url("idm"), postgres.user(), ""),
                START_TIMEOUT);
        api = new Api(services.commandService().baseUri(), services.queryService().baseUri());
        Await.until("the demo seed's member states in the read model", SEED_TIMEOUT,
                () -> api.read("secretariat", "/api/member-states").status() == 200
                        && api.read("secretariat", "/api/member-states").json().size() >= 186);
        String cid = "outage-" + Long.toHexString(System.nanoTime());
        api.post("secretariat", "/api/consultations", body("id", cid, "title", "Outage " + cid,
                "question", "Which theme?")).expect(201);
        proposals = new ArrayList<>();
        for (String title : List.of("Migration and Resilience", "Migration and Health")) {
            proposals.add(api.post("secretariat", "/api/consultations/" + cid + "/proposals",
                    body("title", title, "summary", "Suggested by the Administration.")).expect(201)
                    .path("id").asString());
        }
        api.post("chair", "/api/consultations/" + cid + "/open-voting", null).expect2xx();
        ballots = "/api/consultations/" + cid + "/ballots";
    }

    @AfterAll
    void stopAll() {
        try {
            if (services != null) {
                services.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    void whileTheDatabaseIsDownWritesAndReadsAreRefusedFastReadinessIsDownAndAllRecoversByItself()
            throws InterruptedException {
        long commandPid = pid(services.commandService());
        long queryPid = pid(services.queryService());
        Queue<Sample> writes = new ConcurrentLinkedQueue<>();
        Queue<Sample> reads = new ConcurrentLinkedQueue<>();
        Queue<Sample> health = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(VOTERS.size() + 1 + 6);
        for (int i = 0; i < VOTERS.size(); i++) {
            String state = VOTERS.get(i);
            int first = i;
            load.submit(() -> {
                for (int n = first; loading.get(); n++) {
                    writes.add(send(api.commandService(), "PUT", Api.delegate(state),
                            ballots + "/" + state, body("choices", List.of(proposals.get(n % proposals.size())))));
                    pause();
                }
            });
        }
        load.submit(() -> {
            while (loading.get()) {
                reads.add(send(api.queryService(), "GET", "secretariat", ballots.replace("/ballots", ""), null));
                pause();
            }
        });
        for (ServiceProcess service : List.of(services.commandService(), services.queryService())) {
            for (String group : List.of("/actuator/health/readiness", "/actuator/health/liveness", "/actuator/health")) {
                load.submit(() -> {
                    while (loading.get()) {
                        health.add(send(service.baseUri(), "GET", null, group, null));
                        pause();
                    }
                });
            }
        }

        long recovered;
        long stopped;
        long restarting;
        try {
            Await.until("writes going through before the outage", SEED_TIMEOUT,
                    () -> writes.stream().filter(Sample::ok).count() >= VOTERS.size());
            postgres.stopImmediately();
            stopped = System.nanoTime();
            System.out.println("[outage] PostgreSQL stopped (immediate) for " + OUTAGE_SECONDS + " s");
            Thread.sleep(TimeUnit.SECONDS.toMillis(OUTAGE_SECONDS));
            restarting = System.nanoTime();
            postgres.startAgain();
            System.out.println("[outage] PostgreSQL accepting connections again after "
                    + millis(System.nanoTime() - restarting) + " ms");
            recovered = awaitRecovery(restarting, writes, reads, health);
        } finally {
            loading.set(false);
            load.shutdown();
            load.awaitTermination(SAMPLE_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        }

        report(stopped, restarting, recovered, writes, reads, health);
        assertRefusedFast("write", writes, stopped, restarting);
        assertRefusedFast("read", reads, stopped, restarting);
        assertHealthDuringOutage(health, stopped, restarting);
        assertThat(millis(recovered - restarting)).as("ms until writes, reads and readiness recovered")
                .isLessThanOrEqualTo(RECOVERY_LIMIT.toMillis());
        assertThat(pid(services.commandService())).as("the command service was not restarted").isEqualTo(commandPid);
        assertThat(pid(services.queryService())).as("the query service was not restarted").isEqualTo(queryPid);
    }

    /**
     * Waits until, after the restart, a write and a read went through, a ballot cast then shows in the read model
     * (the processors run again), and both services are ready; returns when.
     */
    private long awaitRecovery(long restarting, Queue<Sample> writes, Queue<Sample> reads, Queue<Sample> health) {
        long deadline = restarting + RECOVERY_LIMIT.toNanos() + SAMPLE_TIMEOUT.toNanos();
        Predicate<Sample> afterRestart = sample -> sample.sentAt() > restarting;
        Await.until("writes, reads and readiness after the restart", Duration.ofNanos(deadline - System.nanoTime()),
                () -> writes.stream().anyMatch(afterRestart.and(Sample::ok))
                        && reads.stream().anyMatch(afterRestart.and(Sample::ok))
                        && Stream.of(services.commandService(), services.queryService()).allMatch(service ->
                        ready(service, health, restarting)));
        String choice = proposals.get(1);
        api.put(Api.delegate(LATE_VOTER), ballots + "/" + LATE_VOTER, body("choices", List.of(choice))).expect2xx();
        api.awaitRead(Api.delegate(LATE_VOTER), ballots + "/mine",
                mine -> mine.path("choices").get(0).asString().equals(choice));
        return System.nanoTime();
    }

    /** Whether the last readiness answer of the service since {@code since} said UP. */
    private static boolean ready(ServiceProcess service, Queue<Sample> health, long since) {
        String what = "GET " + service.baseUri().resolve("/actuator/health/readiness");
        return health.stream().filter(sample -> sample.what().startsWith(what) && sample.sentAt() > since)
                .max(Comparator.comparingLong(Sample::sentAt))
                .map(sample -> sample.status() == 200 && sample.body().contains("\"UP\"")).orElse(false);
    }

    private static void assertRefusedFast(String kind, Queue<Sample> samples, long stopped, long restarting) {
        List<Sample> during = samples.stream().filter(s -> s.sentAt() >= stopped && s.sentAt() < restarting).toList();
        assertThat(during).as("%ss sent during the outage", kind).hasSizeGreaterThan(5);
        assertThat(during).as("%ss sent during the outage, each answered within %s", kind, REFUSAL_LIMIT)
                .allMatch(s -> s.took().compareTo(REFUSAL_LIMIT) <= 0);
        assertThat(during.stream().filter(s -> s.answeredAt() < restarting))
                .as("%ss answered during the outage: 503 STORE_UNAVAILABLE, problem+json, Retry-After", kind)
                .allMatch(Sample::refusedForTheStore);
    }

    private static void assertHealthDuringOutage(Queue<Sample> health, long stopped, long restarting) {
        List<Sample> during = health.stream().filter(s -> s.sentAt() >= stopped && s.sentAt() < restarting).toList();
        assertThat(during).as("health asked during the outage, each answered within %s", HEALTH_LIMIT)
                .isNotEmpty().allMatch(s -> s.took().compareTo(HEALTH_LIMIT) <= 0);
        long detected = stopped + DETECTION_LIMIT.toNanos();
        assertThat(during.stream().filter(s -> s.what().contains("/readiness") && s.sentAt() >= detected))
                .as("readiness from %s after the stop on: DOWN", DETECTION_LIMIT)
                .isNotEmpty().allMatch(s -> s.status() == 503 && s.body().contains("\"DOWN\""));
        assertThat(during.stream().filter(s -> s.what().contains("/liveness")))
                .as("liveness during the outage: UP").isNotEmpty()
                .allMatch(s -> s.status() == 200 && s.body().contains("\"UP\""));
    }

    private void report(long stopped, long restarting, long recovered, Queue<Sample> writes, Queue<Sample> reads,
                        Queue<Sample> health) {
        Predicate<Sample> during = s -> s.sentAt() >= stopped && s.sentAt() < restarting;
        // Those sent just before the restart may be answered after it, and then go through.
        System.out.println("[outage] writes sent during the outage: " + summary(writes, during));
        System.out.println("[outage] reads sent during the outage: " + summary(reads, during));
        for (ServiceProcess service : List.of(services.commandService(), services.queryService())) {
            for (String group : List.of("/actuator/health/readiness", "/actuator/health/liveness", "/actuator/health")) {
                String what = "GET " + service.baseUri().resolve(group);
                System.out.println("[outage] " + service.name() + " " + group + " during the outage: "
                        + summary(health, during.and(s -> s.what().startsWith(what + " "))));
            }
            String readiness = "GET " + service.baseUri().resolve("/actuator/health/readiness") + " ";
            health.stream().filter(s -> s.what().startsWith(readiness) && s.sentAt() >= stopped && s.status() == 503)
                    .min(Comparator.comparingLong(Sample::answeredAt))
                    .ifPresent(s -> System.out.println("[outage] " + service.name() + " readiness DOWN "
                            + millis(s.answeredAt() - stopped) + " ms after the stop"));
        }
        System.out.println("[outage] writes, reads and readiness recovered " + millis(recovered - restarting)
                + " ms after the restart began");
        Stream.of(writes, reads).flatMap(Queue::stream).filter(during)
                .filter(s -> s.answeredAt() < restarting && !s.refusedForTheStore()
                        || s.took().compareTo(REFUSAL_LIMIT) > 0).limit(10)
                .forEach(s -> System.out.println("[outage] not as expected: " + s));
    }

    private static String summary(Queue<Sample> samples, Predicate<Sample> which) {
        List<Sample> chosen = samples.stream().filter(which).toList();
        long slowest = chosen.stream().mapToLong(s -> s.took().toMillis()).max().orElse(0);
        Map<Integer, Long> statuses = chosen.stream().collect(Collectors.groupingBy(Sample::status,
                TreeMap::new, Collectors.counting()));
        return chosen.size() + " requests, statuses " + statuses + ", slowest " + slowest + " ms";
    }

    private Sample send(URI service, String method, String user, String path, Object body) {
        String json = body == null ? null : Api.JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path)).timeout(SAMPLE_TIMEOUT)
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", api.authorization(user));
        }
        String what = method + " " + service.resolve(path) + " as " + user;
        long sentAt = System.nanoTime();
        try {
            HttpResponse<String> response = api.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Sample(what, sentAt, System.nanoTime(), response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After"), response.headers().firstValue("Content-Type"));
        } catch (IOException e) {
            return new Sample(what, sentAt, System.nanoTime(), -1, e.toString(), Optional.empty(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long pid(ServiceProcess service) {
        return service.handle().orElseThrow(() -> new AssertionError(service.name() + " is not running")).pid();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The pause between one worker's requests: a steady load, not a flood on two cores. */
    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
