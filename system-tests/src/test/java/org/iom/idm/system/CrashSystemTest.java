package org.iom.idm.system;

import org.iom.idm.harness.Pause;
import org.iom.idm.harness.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.EndToEndSystemTest.body;
import static org.iom.idm.system.EndToEndSystemTest.byKey;
import static org.iom.idm.system.EndToEndSystemTest.ids;

/**
 * Crashes under load, on PostgreSQL with the real jars: 20 member states change their ballots as fast as they are
 * answered while the command service is killed (SIGKILL, no graceful stop) and started again, then the query
 * service. Nothing acknowledged is lost: each state's acknowledged ballots are in the event store in the order
 * they were acknowledged, and the ballot that stands is the last acknowledged one or a later one whose answer was
 * lost in the crash; the tally counts exactly the ballots that stand; the audit trail verifies; and the read
 * models equal what a fresh rebuild makes of the events.
 *
 * <p>PostgreSQL run only (system-tests/pom.xml), with service processes and a database of its own; only the
 * processes it started are killed, by their own ids.
 */
@Order(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashSystemTest {

    private static final String SECRETARIAT = "secretariat";
    private static final String CHAIR = "chair";
    private static final List<String> STATES = List.of("ARG", "AUS", "BGD", "BRA", "CAN", "CHL", "COL", "DEU",
            "EGY", "ESP", "ETH", "FRA", "GHA", "IND", "ITA", "JPN", "KEN", "MEX", "PHL", "SEN");
    private static final List<String> JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    /** How long the load runs at least before each crash, and after the last restart. */
    private static final Duration LOAD_BETWEEN_CRASHES = Duration.ofSeconds(4);
    private static final String BALLOT_CAST = "org.iom.idm.ballot.BallotEvent$BallotCast";
    private static final String BALLOT_CHANGED = "org.iom.idm.ballot.BallotEvent$BallotChanged";

    private final String cid = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    private Path workDir;
    private Path dataDir;
    private TestDatabase database;
    private ServiceProcess command;
    private ServiceProcess query;
    private Api api;

    @BeforeAll
    void start() throws IOException {
        workDir = Path.of(System.getProperty("idm.system-tests.work-dir", "target/system-tests/postgres"))
                .toAbsolutePath().resolve("crash");
        Files.createDirectories(workDir);
        dataDir = Files.createTempDirectory(workDir, "data-");
        database = TestDatabase.createPostgres(dataDir);
        command = ServiceProcess.onFreePort("command", ServiceLaunch.command().jar(), workDir);
        query = ServiceProcess.onFreePort("query", ServiceLaunch.query().jar(), workDir);
        command.start(ServiceLaunch.command().jvm(JVM), database.serviceEnvironment());
        query.start(ServiceLaunch.query().jvm(JVM), database.serviceEnvironment());
        command.awaitHealthy(START_TIMEOUT);
        query.awaitHealthy(START_TIMEOUT);
        api = new Api(command.baseUri(), query.baseUri());
        // The demo seed accredits every state's head of delegation; the query side shows it after the command side.
        for (String state : STATES) {
            api.awaitRead(SECRETARIAT, "/api/member-states/" + state + "/accreditations", list -> list.size() > 0);
        }
    }

    @AfterAll
    void stop() {
        try {
            Stream.of(query, command).filter(p -> p != null).forEach(ServiceProcess::stop);
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void nothingAcknowledgedIsLostWhenTheCommandServiceAndThenTheQueryServiceAreKilledUnderLoad() throws Exception {
        api.post(SECRETARIAT, "/api/consultations", body("id", cid, "title", "Crash " + cid,
                "question", "Which theme?")).expect(201);
        List<String> proposals = new ArrayList<>();
        for (String title : List.of("Labour Mobility", "Climate and Migration", "Diasporas and Development")) {
            proposals.add(api.post(SECRETARIAT, path("/proposals"), body("title", title,
                    "summary", "Suggested by the Administration.")).expect(201).path("id").asString());
        }
        api.post(CHAIR, path("/open-voting"), null).expect2xx();
        List<Map<String, Object>> options = List.of(body("choices", List.of(proposals.get(0))),
                body("choices", List.of(proposals.get(1))), body("abstain", true),
                body("choices", List.of(proposals.get(2))));

        Load load = new Load(options);
        ExecutorService clients = Executors.newFixedThreadPool(STATES.size());
        List<Future<?>> running = new ArrayList<>();
        STATES.forEach(state -> running.add(clients.submit(() -> load.vote(state))));
        try {
            underLoad(load);
            crashAndRestart(command, ServiceLaunch.command(), load);
            underLoad(load);
            crashAndRestart(query, ServiceLaunch.query(), load);
            underLoad(load);
        } finally {
            load.stop.set(true);
            for (Future<?> client : running) {
                client.get(2, TimeUnit.MINUTES);
            }
            clients.shutdownNow();
        }
        System.out.printf("[crash] %d ballot PUTs: %d acknowledged, %d without an answer, %d refused otherwise%n",
                load.sent.get(), load.acknowledged.get(), load.unanswered.get(), load.errors.size());
        assertThat(load.errors).as("answers other than 204, a retried 409 or none at all").isEmpty();
        assertThat(load.acknowledged.get()).as("ballots acknowledged").isGreaterThan(STATES.size() * 3);

        // --- the event store: nothing acknowledged lost, the ballot that stands is one that may stand ---
        Map<String, List<Object>> stored = storedBallots(proposals);
        List<String> wrong = new ArrayList<>();
        for (String state : STATES) {
            List<Attempt> attempts = load.attempts.get(state);
            List<Object> events = stored.getOrDefault(state, List.of());
            List<Object> acknowledged = collapsed(attempts.stream().filter(Attempt::acknowledged)
                    .map(Attempt::ballot).toList());
            if (!isSubsequence(acknowledged, events)) {
                wrong.add(state + ": acknowledged " + acknowledged + " not all in the store, in order: " + events);
            }
            if (!events.isEmpty() && !mayStand(attempts).contains(events.get(events.size() - 1))) {
                wrong.add(state + ": " + events.get(events.size() - 1) + " stands; it may be only one of "
                        + mayStand(attempts));
            }
        }
        assertThat(wrong).as("states whose ballots in the store contradict what was acknowledged").isEmpty();

        // --- the read models: the ballots and the tally are those that stand ---
        Map<String, Integer> votes = new LinkedHashMap<>();
        proposals.forEach(pid -> votes.put(pid, 0));
        int abstentions = 0;
        for (List<Object> events : stored.values()) {
            Object standing = events.get(events.size() - 1);
            if (standing.equals("abstain")) {
                abstentions++;
            } else {
                votes.merge((String) standing, 1, Integer::sum);
            }
        }
        int cast = stored.size();
        int expectedAbstentions = abstentions;
        System.out.printf("[crash] the ballots that stand: %d cast, %d abstentions, votes %s%n", cast, abstentions,
                votes);
        JsonNode[] tally = new JsonNode[1];
        try {
            Await.until("the tally of the ballots that stand", SETTLE_TIMEOUT, () -> {
                tally[0] = api.read(CHAIR, path("/tally")).expect(200);
                return tally[0].path("ballotsCast").asInt() == cast
                        && tally[0].path("abstentions").asInt() == expectedAbstentions && votesOf(tally[0]).equals(votes);
            });
        } catch (AssertionError differs) {
            throw new AssertionError(differs.getMessage() + "; the last tally: " + tally[0], differs);
        }
        // Totals can match while the read model is still catching up (two states' ballots swapped): wait for each.
        Map<String, Object> standing = new TreeMap<>();
        stored.forEach((state, events) -> standing.put(state, events.get(events.size() - 1)));
        JsonNode ballots = api.awaitRead(CHAIR, path("/ballots"), list -> shown(list).equals(standing));
        assertThat(shown(ballots)).as("the ballots in the read model").isEqualTo(standing);

        // --- the audit trail verifies, and a fresh rebuild makes the same read models ---
        assertAuditVerifies();
        Map<String, String> before = readModels();
        ReplaySystemTest.awaitAllCaughtUp(api, Map.of());
        api.send(api.queryService(), "POST", SECRETARIAT, "/api/admin/projections/rebuild", null,
                "application/json").expect(202);
        ReplaySystemTest.awaitAllCaughtUp(api, Map.of());
        assertThat(readModels()).as("the read models after a fresh rebuild").isEqualTo(before);
        assertAuditVerifies();
    }

    /** Once the audit has caught up with the store, its trail verifies against the events. */
    private void assertAuditVerifies() throws SQLException {
        long events;
        try (Connection connection = database.connect();
             ResultSet count = connection.createStatement().executeQuery("select count(*) from domain_event_entry")) {
            count.next();
            events = count.getLong(1);
        }
        JsonNode[] verification = new JsonNode[1];
        try {
            Await.until("the audit trail of all " + events + " events verified", SETTLE_TIMEOUT, () -> {
                verification[0] = api.read(SECRETARIAT, "/api/audit/verify").expect(200);
                return verification[0].path("entries").asLong() >= events;
            });
        } catch (AssertionError behind) {
            throw new AssertionError(behind.getMessage() + "; the last verification: " + verification[0], behind);
        }
        assertThat(verification[0].path("verified").asBoolean()).as("the audit verifies: %s", verification[0])
                .isTrue();
    }

    /** A while of load, and at least two acknowledged ballots per state in it. */
    private static void underLoad(Load load) {
        int before = load.acknowledged.get();
        Pause.millis(LOAD_BETWEEN_CRASHES.toMillis());
        Await.until("two acknowledged ballots per state", SETTLE_TIMEOUT,
                () -> load.acknowledged.get() >= before + 2 * STATES.size());
    }

    private void crashAndRestart(ServiceProcess service, ServiceLaunch launch, Load load) {
        int acknowledgedBefore = load.acknowledged.get();
        long killed = System.nanoTime();
        service.handle().orElseThrow(() -> new IllegalStateException(service.name() + " is not running"))
                .destroyForcibly();
        service.stop();
        service.start(launch.jvm(JVM), database.serviceEnvironment());
        service.awaitHealthy(START_TIMEOUT);
        System.out.printf("[crash] %s killed after %d acknowledged ballots and healthy again %.1f s later%n",
                service.name(), acknowledgedBefore, (System.nanoTime() - killed) / 1e9);
    }

    /** Each state's ballots in the event store, in order: a proposal's id or "abstain". */
    private Map<String, List<Object>> storedBallots(List<String> proposals) throws SQLException {
        Map<String, List<Object>> ballots = new TreeMap<>();
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("""
                     select payload_type, payload from domain_event_entry where aggregate_identifier = ?
                     order by sequence_number""")) {
            query.setString(1, cid);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(1);
                    if (type.equals(BALLOT_CAST) || type.equals(BALLOT_CHANGED)) {
                        JsonNode payload = Api.JSON.readTree(new String(rows.getBytes(2), StandardCharsets.UTF_8));
                        Object ballot = payload.path("abstain").asBoolean() ? "abstain"
                                : ids(payload.path("choices"), null).get(0);
                        assertThat(ballot).isIn(Stream.concat(proposals.stream(), Stream.of("abstain")).toList());
                        ballots.computeIfAbsent(payload.path("memberState").asString(), s -> new ArrayList<>())
                                .add(ballot);
                    }
                }
            }
        }
        return ballots;
    }

    /** The last acknowledged ballot, or any sent after it whose answer never came. */
    private static List<Object> mayStand(List<Attempt> attempts) {
        int lastAcknowledged = -1;
        for (int i = 0; i < attempts.size(); i++) {
            if (attempts.get(i).acknowledged()) {
                lastAcknowledged = i;
            }
        }
        List<Object> candidates = new ArrayList<>();
        for (int i = Math.max(lastAcknowledged, 0); i < attempts.size(); i++) {
            if (i == lastAcknowledged || !attempts.get(i).acknowledged()) {
                candidates.add(attempts.get(i).ballot());
            }
        }
        return candidates;
    }

    /** The same ballot again adds no event: consecutive repeats count once. */
    private static List<Object> collapsed(List<Object> ballots) {
        List<Object> collapsed = new ArrayList<>();
        for (Object ballot : ballots) {
            if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(ballot)) {
                collapsed.add(ballot);
            }
        }
        return collapsed;
    }

    private static boolean isSubsequence(List<Object> part, List<Object> whole) {
        int at = 0;
        for (Object each : whole) {
            if (at < part.size() && part.get(at).equals(each)) {
                at++;
            }
        }
        return at == part.size();
    }

    /** Each state's ballot in the ballots read model: the proposal chosen, or "abstain". */
    private static Map<String, Object> shown(JsonNode ballots) {
        Map<String, Object> shown = new TreeMap<>();
        byKey(ballots, "memberState").forEach((state, ballot) -> shown.put(state,
                ballot.path("abstain").asBoolean() ? "abstain" : ids(ballot.path("choices"), null).get(0)));
        return shown;
    }

    private static Map<String, Integer> votesOf(JsonNode tally) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        tally.path("results").forEach(result -> votes.put(result.path("proposalId").asString(),
                result.path("votes").asInt()));
        return votes;
    }

    private Map<String, String> readModels() {
        Map<String, String> reads = new LinkedHashMap<>();
        for (String read : List.of(path(""), path("/tally"), path("/ballots"),
                "/api/audit?consultationId=" + cid)) {
            reads.put(read, api.read(SECRETARIAT, read).expect(200).toString());
        }
        return reads;
    }

    private String path(String rest) {
        return "/api/consultations/" + cid + rest;
    }

    /** One ballot sent: what it said ("abstain" or the proposal chosen) and whether a 204 came back. */
    private record Attempt(Object ballot, boolean acknowledged) {
    }

    /** The states' clients: each changes its ballot in turn through the options, as fast as it is answered. */
    private final class Load {

        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, List<Attempt>> attempts = new ConcurrentHashMap<>();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final List<Map<String, Object>> options;

        Load(List<Map<String, Object>> options) {
            this.options = options;
        }

        void vote(String state) {
            List<Attempt> mine = new ArrayList<>();
            attempts.put(state, mine);
            int next = STATES.indexOf(state) % options.size();
            while (!stop.get()) {
                Map<String, Object> ballot = options.get(next);
                Object said = ballot.containsKey("abstain") ? "abstain" : ((List<?>) ballot.get("choices")).get(0);
                sent.incrementAndGet();
                Api.Response response;
                try {
                    response = api.put(Api.delegate(state), "/api/consultations/" + cid + "/ballots/" + state, ballot);
                } catch (RuntimeException noAnswer) {
                    // The service is down or went down with the request: the ballot may or may not stand.
                    unanswered.incrementAndGet();
                    mine.add(new Attempt(said, false));
                    next = (next + 1) % options.size();
                    Pause.millis(100);
                    continue;
                }
                if (response.status() == 204) {
                    acknowledged.incrementAndGet();
                    mine.add(new Attempt(said, true));
                    next = (next + 1) % options.size();
                } else if (response.status() >= 500) {
                    unanswered.incrementAndGet();
                    mine.add(new Attempt(said, false));
                    next = (next + 1) % options.size();
                    Pause.millis(100);
                } else if (!(response.status() == 409 && response.body().contains("\"CONCURRENT_MODIFICATION\""))) {
                    errors.add(state + " " + said + ": " + response);
                    return;
                }
            }
        }
    }
}
