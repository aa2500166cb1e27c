package org.iom.idm.system;

import org.iom.idm.harness.Pause;
import org.iom.idm.harness.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.EndToEndSystemTest.body;
import static org.iom.idm.system.EndToEndSystemTest.byKey;
import static org.iom.idm.system.EndToEndSystemTest.ids;

/**
 * Scale-out on PostgreSQL: two command-service and two query-service instances on one fresh database of this
 * class's own. The ballots of 150 member states, each changed several times, go to both command instances at
 * once, all of them to the one event-sourced consultation, so the instances keep losing append races to each
 * other; the exact final tally must then show on both query instances and on a tally stream of each, with
 * every ballot counted once, every change once and nothing lost.
 *
 * <p>Runs in the PostgreSQL run of the suite only (system-tests/pom.xml). It comes first ({@code @Order}), before
 * the suite's shared pair of services starts, and stops its four processes and drops its database at the end.
 * The ballots follow a seeded plan; {@code -Didm.system-tests.scale-out.seed=...} repeats one (the seed is
 * printed), {@code -Didm.system-tests.scale-out.threads=...} sets the client's threads (16), and
 * {@code -Didm.system-tests.scale-out.split-segments=true} splits the processors' segments between the query
 * instances (see {@link #SPLIT_SEGMENTS}).
 */
@Order(0)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutSystemTest {

    private static final String SECRETARIAT = "secretariat";
    private static final String CHAIR = "chair";
    private static final String OBSERVER = "observer";
    private static final int SEEDED_MEMBER_STATES = 186;
    private static final int VOTERS = 150;
    private static final int SELECT_COUNT = 2;
    /** Suspended before voting opens: not eligible, and their ballots are refused on either instance. */
    private static final List<String> SUSPENDED = List.of("NRU", "TUV");
    /** The client's threads, each voting for one state at a time ({@code -Didm.system-tests.scale-out.threads}). */
    private static final int THREADS = Integer.getInteger("idm.system-tests.scale-out.threads", 16);
    /** A client gives up on a ballot that keeps meeting 409 CONCURRENT_MODIFICATION after this many tries. */
    private static final int CLIENT_ATTEMPTS = 20;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration SEED_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration VOTING_TIMEOUT = Duration.ofSeconds(120);
    private static final String BALLOT_CAST = "org.iom.idm.ballot.BallotEvent$BallotCast";
    private static final String BALLOT_CHANGED = "org.iom.idm.ballot.BallotEvent$BallotChanged";

    /**
     * As shipped, each query instance runs as many threads as its processors have segments, so the instance
     * that starts first claims every segment and the other one projects nothing (it serves reads and streams
     * from the shared tables). With {@code -Didm.system-tests.scale-out.split-segments=true} each instance gets
     * one thread for the read models' processor, so its two segments split between them.
     */
    private static final boolean SPLIT_SEGMENTS = Boolean.getBoolean("idm.system-tests.scale-out.split-segments");
    /** The processor of the read models built together, the one with two segments. */
    private static final String READ_MODELS = "read-models";

    private final long seed = Long.getLong("idm.system-tests.scale-out.seed", System.nanoTime());
    private final String cid = "scale-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<TallyStream> streams = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "scale-out-stop-services");

    private Path workDir;
    private Path dataDir;
    private TestDatabase database;
    private ServiceProcess commandA;
    private ServiceProcess commandB;
    private ServiceProcess queryA;
    private ServiceProcess queryB;
    /** Writes to command A, reads from query A; and the same with B. */
    private Api viaA;
    private Api viaB;
    private boolean stopped;

    @BeforeAll
    void startTwoAndTwo() throws IOException {
        Assumptions.assumeTrue(TestDatabase.configuredKind() == TestDatabase.Kind.POSTGRES,
                "the scale-out test belongs to the PostgreSQL run (system-tests/pom.xml)");
        long started = System.nanoTime();
        workDir = Path.of(System.getProperty("idm.system-tests.work-dir", "target/system-tests/postgres"))
                .toAbsolutePath().resolve("scale-out");
        Files.createDirectories(workDir);
        dataDir = Files.createTempDirectory(workDir, "data-");
        database = TestDatabase.createPostgres(dataDir);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        System.out.println("[scale-out] 2 command + 2 query instances on the " + database + "; logs in " + workDir);

        Path commandJar = ServiceLaunch.command().jar();
        Path queryJar = ServiceLaunch.query().jar();
        commandA = ServiceProcess.onFreePort("command-a", commandJar, workDir);
        commandB = ServiceProcess.onFreePort("command-b", commandJar, workDir);
        queryA = ServiceProcess.onFreePort("query-a", queryJar, workDir);
        queryB = ServiceProcess.onFreePort("query-b", queryJar, workDir);
        viaA = new Api(commandA.baseUri(), queryA.baseUri());
        viaB = new Api(commandB.baseUri(), queryB.baseUri());

        List<String> options = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        List<String> jvm = ServiceLaunch.command().jvm(options);
        List<String> queryJvm = ServiceLaunch.query().jvm(options);
        // Closed streams are noticed at the next keep-alive, so the instances stop promptly at the end.
        queryJvm.add("-Didm.tally-stream.heartbeat=1s");
        if (SPLIT_SEGMENTS) {
            // One thread, so one segment, per instance: the read models' two segments split.
            queryJvm.add("-Daxon.eventhandling.processors." + READ_MODELS + ".thread-count=1");
        }

        // Command A creates the event store and seeds the demo; B then finds the seed done.
        commandA.start(jvm, database.serviceEnvironment());
        commandA.awaitHealthy(START_TIMEOUT);
        String seedA = awaitLogLine(commandA, "Demo seed:");
        // The rest start side by side: B's seed only checks, and the query instances only read.
        commandB.start(jvm, database.serviceEnvironment());
        queryA.start(queryJvm, database.serviceEnvironment());
        queryB.start(queryJvm, database.serviceEnvironment());
        commandB.awaitHealthy(START_TIMEOUT);
        queryA.awaitHealthy(START_TIMEOUT);
        queryB.awaitHealthy(START_TIMEOUT);
        String seedB = awaitLogLine(commandB, "Demo seed:");
        assertThat(seedA).as("command A's seed").contains("Demo seed: " + SEEDED_MEMBER_STATES + " member state(s)");
        assertThat(seedB).as("command B's seed, after A's").contains("Demo seed: 0 member state(s)", "already present");
        for (Api api : List.of(viaA, viaB)) {
            awaitRead(api, SECRETARIAT, "/api/member-states", states -> states.size() == SEEDED_MEMBER_STATES);
        }
        System.out.printf("[scale-out] four instances up and seeded in %.1f s%n", seconds(started));
    }

    @AfterAll
    void stopAll() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        streams.forEach(TallyStream::close);
        try {
            Stream.of(queryA, queryB, commandA, commandB).parallel().filter(p -> p != null)
                    .forEach(ServiceProcess::stop);
        } finally {
            if (database != null) {
                database.close();
            }
            deleteQuietly(dataDir);
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException | IllegalArgumentException gone) {
                    // shutting down, or never added
                }
            }
        }
    }

    @Test
    void everyBallotOfEveryStateCountsExactlyOnceOnBothQueryInstancesAndTheirStreams() throws Exception {
        System.out.println("[scale-out] consultation " + cid + ", plan seed " + seed
                + " (-Didm.system-tests.scale-out.seed=" + seed + " repeats it)");
        Random random = new Random(seed);

        // --- the consultation, on both command instances ---
        viaA.post(SECRETARIAT, "/api/consultations", body("id", cid, "title", "Workshop topics, scale-out " + cid,
                "question", "Which two workshop topics?", "selectCount", SELECT_COUNT)).expect(201);
        List<String> proposals = new ArrayList<>();
        List<String> titles = List.of("Labour Mobility", "Climate and Migration", "Diasporas and Development",
                "Migrants' Health");
        for (int i = 0; i < titles.size(); i++) {
            Api via = i % 2 == 0 ? viaA : viaB;
            proposals.add(via.post(SECRETARIAT, "/api/consultations/" + cid + "/proposals",
                    body("title", titles.get(i), "summary", "Suggested by the Administration.")).expect(201)
                    .path("id").asString());
        }
        for (String state : SUSPENDED) {
            viaB.post(SECRETARIAT, "/api/member-states/" + state + "/suspend-voting-rights",
                    body("reason", "Arrears in contributions")).expect2xx();
        }
        JsonNode states = awaitRead(viaA, SECRETARIAT, "/api/member-states", list -> SUSPENDED.stream().allMatch(
                code -> "SUSPENDED".equals(byKey(list, "code").get(code).path("votingRights").asString())));
        List<String> active = new ArrayList<>();
        states.forEach(state -> {
            if ("ACTIVE".equals(state.path("votingRights").asString())) {
                active.add(state.path("code").asString());
            }
        });
        assertThat(active).hasSize(SEEDED_MEMBER_STATES - SUSPENDED.size());
        Collections.sort(active);
        Collections.shuffle(active, random);
        List<String> voters = List.copyOf(new TreeSet<>(active.subList(0, VOTERS)));
        int eligible = active.size();
        int quorum = eligible / 2 + 1;

        // --- a chair's tally stream on each query instance, before voting opens ---
        for (Api api : List.of(viaA, viaB)) {
            awaitRead(api, CHAIR, tallyPath(), tally -> tally.path("results").size() == proposals.size());
        }
        TallyStream streamA = watch(viaA, CHAIR);
        TallyStream streamB = watch(viaB, CHAIR);
        // An observer's and a voting delegate's streams on the second instance: sealed while voting runs.
        List<TallyStream> sealed = List.of(watch(viaB, OBSERVER), watch(viaB, Api.delegate(voters.get(0))));
        for (TallyStream stream : List.of(streamA, streamB, sealed.get(0), sealed.get(1))) {
            JsonNode initial = stream.nextTally(Duration.ofSeconds(10));
            assertThat(initial.path("phase").asString()).isEqualTo("OPEN");
            assertThat(ids(initial.path("results"), "proposalId")).isEqualTo(proposals);
        }
        viaB.post(CHAIR, "/api/consultations/" + cid + "/open-voting", null).expect2xx();
        for (TallyStream stream : sealed) {
            JsonNode phase = stream.awaitEvent("the phase message of voting opened",
                    event -> event.name().equals("phase"),
                    event -> event.name().equals("tally") && "OPEN".equals(event.json().path("phase").asString()),
                    SETTLE_TIMEOUT).json();
            assertThat(phase).isEqualTo(Api.JSON.valueToTree(body("consultationId", cid, "phase", "VOTING")));
        }
        for (TallyStream stream : List.of(streamA, streamB)) {
            JsonNode opened = stream.awaitTally("voting opened", t -> "VOTING".equals(t.path("phase").asString()),
                    t -> "OPEN".equals(t.path("phase").asString()), SETTLE_TIMEOUT);
            assertThat(opened.path("eligible").asInt()).isEqualTo(eligible);
            assertThat(opened.path("quorum").asInt()).isEqualTo(quorum);
            assertThat(opened.path("ballotsCast").asInt()).isZero();
        }
        // A suspended state's ballot is refused by either instance: both read the one voting-rights register.
        viaA.put(Api.delegate(SUSPENDED.get(0)), ballotPath(SUSPENDED.get(0)), body("choices", List.of(proposals.get(0))))
                .expectProblem(409, "VOTING_RIGHTS_SUSPENDED");
        viaB.put(Api.delegate(SUSPENDED.get(1)), ballotPath(SUSPENDED.get(1)), body("abstain", true))
                .expectProblem(409, "VOTING_RIGHTS_SUSPENDED");

        // --- the ballots: every state's in order, all states at once, each ballot to A or B at random ---
        Map<String, List<Ballot>> plans = new TreeMap<>();
        for (String state : voters) {
            plans.put(state, plan(new Random(random.nextLong()), proposals, voters.indexOf(state) % 8 == 0));
        }
        Voting voting = new Voting(random.nextLong());
        long votingStarted = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            plans.forEach((state, plan) -> done.add(pool.submit(() -> voting.vote(state, plan))));
            for (Future<?> each : done) {
                each.get(VOTING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        double votingSeconds = seconds(votingStarted);
        voting.report(votingSeconds);
        assertThat(voting.errors).as("answers other than 204 or a retried 409 CONCURRENT_MODIFICATION").isEmpty();
        assertThat(voting.finalBallots.keySet()).containsExactlyInAnyOrderElementsOf(voters);

        // --- the expected tally, from the ballots the services accepted last ---
        Map<String, Integer> votes = new LinkedHashMap<>();
        proposals.forEach(pid -> votes.put(pid, 0));
        int abstentions = 0;
        for (Ballot ballot : voting.finalBallots.values()) {
            if (ballot.abstain()) {
                abstentions++;
            }
            ballot.choices().forEach(pid -> votes.merge(pid, 1, Integer::sum));
        }
        int expectedChanges = voting.acceptedChanges.values().stream().mapToInt(AtomicInteger::get).sum();
        JsonNode expected = expectedTally(proposals, titles, votes, eligible, quorum, abstentions);
        System.out.println("[scale-out] expected tally: " + expected);

        // --- both query instances, and a stream on each ---
        for (Api api : List.of(viaA, viaB)) {
            awaitEqual("GET " + tallyPath() + " on " + api.queryService(), SETTLE_TIMEOUT, expected,
                    () -> api.read(CHAIR, tallyPath()).expect(200));
        }
        // The stream sends a tally on every change; changes that arrive together (in one batch of the notifier)
        // share one tally, so there are at most as many as changes: voting opened, and each ballot event.
        int votingChanges = 1 + VOTERS + expectedChanges;
        for (TallyStream stream : List.of(streamA, streamB)) {
            stream.awaitTally("the final tally", expected::equals, any -> true, SETTLE_TIMEOUT);
        }
        for (Api api : List.of(viaA, viaB)) {
            JsonNode ballots = api.read(CHAIR, "/api/consultations/" + cid + "/ballots").expect(200);
            assertBallots(api, ballots, voting);
            assertThat(api.read(SECRETARIAT, tallyPath()).expect(200)).isEqualTo(expected);
        }

        // --- the event store: one BallotCast per state, each accepted change once, no gap, nothing else ---
        assertEventStore(voting, expectedChanges);

        // --- the processors: every segment claimed by one instance, caught up, nothing parked ---
        assertProjections();

        // Tallies follow the changes on each stream, never more than one per change, the last the final tally.
        for (TallyStream stream : List.of(streamA, streamB)) {
            List<JsonNode> tallies = stream.tallies();
            assertThat(votingTallies(stream)).as("tallies while VOTING on a stream: at most one for voting opened "
                    + "and one per %s ballot events", VOTERS + expectedChanges).isBetween(2L, (long) votingChanges);
            assertThat(tallies.get(tallies.size() - 1)).as("the last tally on a stream").isEqualTo(expected);
            int previous = 0;
            for (JsonNode tally : tallies) {
                int cast = tally.path("ballotsCast").asInt();
                assertThat(cast).as("ballotsCast along the stream (never back)").isGreaterThanOrEqualTo(previous);
                previous = cast;
            }
        }
        System.out.printf("[scale-out] tally events received: %d on query A's stream, %d on query B's%n",
                streamA.tallies().size(), streamB.tallies().size());

        // Once the vote closes, the sealed streams, silent through every ballot, get the final tally.
        viaA.post(CHAIR, "/api/consultations/" + cid + "/close-voting", null).expect2xx();
        for (TallyStream stream : sealed) {
            JsonNode closed = stream.nextTally(SETTLE_TIMEOUT);
            assertThat(closed.path("phase").asString()).isEqualTo("CLOSED");
            assertThat(closed.path("ballotsCast").asInt()).isEqualTo(VOTERS);
            assertThat(closed.path("results")).isEqualTo(expected.path("results"));
            stream.assertNothingSealedWasSent();
        }
        assertThat(reportLogs()).as("ERROR lines in the four instances' logs").isEmpty();
    }

    // --- the ballots --------------------------------------------------------------------------------------

    /** A ballot as sent: the choices in the order sent, or an abstention. */
    record Ballot(List<String> choices, boolean abstain) {

        Object json() {
            return abstain ? body("abstain", true) : body("choices", choices);
        }

        /** What the command side compares: an abstention, or the set of choices. */
        boolean sameAs(Ballot other) {
            return abstain == other.abstain && Set.copyOf(choices).equals(Set.copyOf(other.choices));
        }

        @Override
        public String toString() {
            return abstain ? "abstain" : choices.toString();
        }
    }

    /**
     * A first ballot and 3 or 4 changes, each different from the one before (a single choice, two, or an
     * abstention); for some states also an identical resubmission, which is accepted but changes nothing.
     */
    private static List<Ballot> plan(Random random, List<String> proposals, boolean withResubmission) {
        List<Ballot> options = new ArrayList<>();
        options.add(new Ballot(List.of(), true));
        for (int i = 0; i < proposals.size(); i++) {
            options.add(new Ballot(List.of(proposals.get(i)), false));
            for (int j = i + 1; j < proposals.size(); j++) {
                options.add(random.nextBoolean()
                        ? new Ballot(List.of(proposals.get(i), proposals.get(j)), false)
                        : new Ballot(List.of(proposals.get(j), proposals.get(i)), false));
            }
        }
        List<Ballot> plan = new ArrayList<>();
        int ballots = 4 + random.nextInt(2);
        while (plan.size() < ballots) {
            Ballot next = options.get(random.nextInt(options.size()));
            if (plan.isEmpty() || !next.sameAs(plan.get(plan.size() - 1))) {
                plan.add(next);
            }
        }
        if (withResubmission) {
            int at = 1 + random.nextInt(plan.size());
            plan.add(at, plan.get(at - 1));
        }
        return plan;
    }

    /** Sends the plans and records what the services accepted. */
    private final class Voting {

        private final long seed;
        final Map<String, Ballot> finalBallots = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> acceptedChanges = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger toA = new AtomicInteger();
        final AtomicInteger toB = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger resubmissions = new AtomicInteger();
        final AtomicInteger conflicts = new AtomicInteger();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

        Voting(long seed) {
            this.seed = seed;
        }

        void vote(String state, List<Ballot> plan) {
            Random random = new Random(seed ^ state.hashCode());
            acceptedChanges.put(state, new AtomicInteger());
            Ballot last = null;
            for (Ballot ballot : plan) {
                if (!send(state, ballot, random)) {
                    return;
                }
                if (last == null) {
                    finalBallots.put(state, ballot);
                } else if (!ballot.sameAs(last)) {
                    acceptedChanges.get(state).incrementAndGet();
                    finalBallots.put(state, ballot);
                } else {
                    resubmissions.incrementAndGet();
                }
                last = finalBallots.get(state);
            }
        }

        /** One ballot, retried as a client would while it meets 409 CONCURRENT_MODIFICATION. */
        private boolean send(String state, Ballot ballot, Random random) {
            for (int attempt = 1; ; attempt++) {
                boolean a = random.nextBoolean();
                Api via = a ? viaA : viaB;
                (a ? toA : toB).incrementAndGet();
                requests.incrementAndGet();
                long sent = System.nanoTime();
                Api.Response response;
                try {
                    response = via.put(Api.delegate(state), ballotPath(state), ballot.json());
                } catch (AssertionError | RuntimeException failed) {
                    errors.add(state + " " + ballot + " via " + (a ? "A" : "B") + ": " + failed);
                    return false;
                }
                latencies.add(System.nanoTime() - sent);
                if (response.status() == 204) {
                    accepted.incrementAndGet();
                    return true;
                }
                if (response.status() == 409 && response.body().contains("\"CONCURRENT_MODIFICATION\"")
                        && attempt < CLIENT_ATTEMPTS) {
                    conflicts.incrementAndGet();
                    Pause.millis(5 + random.nextInt(20));
                    continue;
                }
                errors.add(state + " " + ballot + " via " + (a ? "A" : "B") + " (attempt " + attempt + "): "
                        + response);
                return false;
            }
        }

        void report(double seconds) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("[scale-out] %d ballot PUTs (%d to command A, %d to command B) from %d states on %d "
                            + "threads in %.1f s: %.0f commands/s; %d accepted (%d identical resubmissions), "
                            + "%d changes; 409 CONCURRENT_MODIFICATION retried by the client: %d; errors: %d%n",
                    requests.get(), toA.get(), toB.get(), finalBallots.size(), THREADS, seconds,
                    requests.get() / seconds, accepted.get(), resubmissions.get(),
                    acceptedChanges.values().stream().mapToInt(AtomicInteger::get).sum(), conflicts.get(),
                    errors.size());
            if (!sorted.isEmpty()) {
                System.out.printf("[scale-out] PUT latency: median %d ms, p95 %d ms, max %d ms%n",
                        millis(sorted.get(sorted.size() / 2)), millis(sorted.get(sorted.size() * 95 / 100)),
                        millis(sorted.get(sorted.size() - 1)));
            }
            errors.forEach(error -> System.out.println("[scale-out] error: " + error));
        }
    }

    // --- the checks ---------------------------------------------------------------------------------------

    private JsonNode expectedTally(List<String> proposals, List<String> titles, Map<String, Integer> votes,
                                   int eligible, int quorum, int abstentions) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            results.add(body("proposalId", proposals.get(i), "title", titles.get(i), "votes",
                    votes.get(proposals.get(i))));
        }
        // The leading proposals: the top selectCount by votes, with any tied at the boundary (none without votes).
        List<String> ranked = new ArrayList<>(proposals);
        ranked.sort(Comparator.comparing(pid -> -votes.get(pid)));
        int threshold = votes.get(ranked.get(Math.min(SELECT_COUNT, ranked.size()) - 1));
        List<String> leading = ranked.stream().filter(pid -> votes.get(pid) > 0 && votes.get(pid) >= threshold)
                .toList();
        return Api.JSON.valueToTree(body("consultationId", cid, "phase", "VOTING", "eligible", eligible,
                "ballotsCast", VOTERS, "abstentions", abstentions, "quorum", quorum, "quorumMet", VOTERS >= quorum,
                "results", results, "leading", leading, "round", 1,
                // Under the default rule, while voting runs: nothing adopted yet (CONTRACT §8, rule 10).
                "outcome", body("rule", "PLURALITY", "status", "PENDING", "adopted", List.of(), "tied", List.of(),
                        "runoffCandidates", List.of())));
    }

    private void assertBallots(Api api, JsonNode ballots, Voting voting) {
        Map<String, JsonNode> byState = byKey(ballots, "memberState");
        assertThat(ballots.size()).as("ballots on %s", api.queryService()).isEqualTo(VOTERS);
        assertThat(byState.keySet()).as("states with a ballot on %s", api.queryService())
                .containsExactlyInAnyOrderElementsOf(voting.finalBallots.keySet());
        List<String> wrong = new ArrayList<>();
        voting.finalBallots.forEach((state, ballot) -> {
            JsonNode shown = byState.get(state);
            int changes = voting.acceptedChanges.get(state).get();
            if (!ids(shown.path("choices"), null).equals(ballot.choices())
                    || shown.path("abstain").asBoolean() != ballot.abstain()
                    || shown.path("changes").asInt() != changes) {
                wrong.add(state + ": expected " + ballot + " after " + changes + " change(s), shown " + shown);
            }
        });
        assertThat(wrong).as("ballots on %s that differ from the last accepted ones", api.queryService()).isEmpty();
    }

    private void assertEventStore(Voting voting, int expectedChanges) throws SQLException {
        Map<String, Integer> cast = new TreeMap<>();
        Map<String, Integer> changed = new TreeMap<>();
        Map<String, JsonNode> lastEvent = new HashMap<>();
        Map<String, Integer> types = new TreeMap<>();
        long events;
        long maxSequence;
        try (Connection connection = database.connect()) {
            try (PreparedStatement query = connection.prepareStatement("""
                    select payload_type, payload from domain_event_entry where aggregate_identifier = ?
                    order by sequence_number""")) {
                query.setString(1, cid);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String type = rows.getString(1);
                        types.merge(type.substring(type.lastIndexOf('.') + 1), 1, Integer::sum);
                        if (type.equals(BALLOT_CAST) || type.equals(BALLOT_CHANGED)) {
                            JsonNode payload = Api.JSON.readTree(new String(rows.getBytes(2), StandardCharsets.UTF_8));
                            String state = payload.path("memberState").asString();
                            (type.equals(BALLOT_CAST) ? cast : changed).merge(state, 1, Integer::sum);
                            lastEvent.put(state, payload);
                        }
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "select count(*), max(sequence_number) from domain_event_entry where aggregate_identifier = ?")) {
                query.setString(1, cid);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    events = rows.getLong(1);
                    maxSequence = rows.getLong(2);
                }
            }
        }
        System.out.println("[scale-out] the consultation's events in the store: " + types);
        assertThat(maxSequence + 1).as("sequence numbers of %s: 0..n-1 without a gap", cid).isEqualTo(events);
        assertThat(cast.keySet()).as("states with a BallotCast").containsExactlyInAnyOrderElementsOf(
                voting.finalBallots.keySet());
        assertThat(cast.values()).as("BallotCast per state").allMatch(count -> count == 1);
        Map<String, Integer> expectedChanged = new TreeMap<>();
        voting.acceptedChanges.forEach((state, count) -> {
            if (count.get() > 0) {
                expectedChanged.put(state, count.get());
            }
        });
        assertThat(changed).as("BallotChanged per state").isEqualTo(expectedChanged);
        assertThat(changed.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(expectedChanges);
        voting.finalBallots.forEach((state, ballot) -> {
            JsonNode last = lastEvent.get(state);
            assertThat(ids(last.path("choices"), null)).as("choices of %s's last ballot event", state)
                    .isEqualTo(ballot.choices());
            assertThat(last.path("abstain").asBoolean()).as("abstain of %s's last ballot event", state)
                    .isEqualTo(ballot.abstain());
        });
        // Created, 4 proposals, voting opened, and the ballots: nothing else, nothing twice.
        assertThat(events).isEqualTo(1 + 4 + 1 + VOTERS + expectedChanges);
        assertNoGapInTheGlobalIndex();
    }

    /** Both command instances appended at once, some appends lost races and rolled back: no index went unused. */
    private void assertNoGapInTheGlobalIndex() throws SQLException {
        try (Connection connection = database.connect();
             ResultSet index = connection.createStatement().executeQuery(
                     "select count(*), min(global_index), max(global_index) from domain_event_entry")) {
            index.next();
            assertThat(List.of(index.getLong(2), index.getLong(3)))
                    .as("the first and last global index of %d events", index.getLong(1))
                    .containsExactly(1L, index.getLong(1));
        }
    }

    /**
     * Each instance lists the segments it holds; together they hold every segment of every processor (as the
     * token store has them), none twice, each caught up and without error, and nothing is parked.
     */
    private void assertProjections() throws SQLException {
        Map<String, Map<Integer, String>> owners = new TreeMap<>();
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement(
                     "select processor_name, segment, owner from token_entry order by processor_name, segment");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                owners.computeIfAbsent(rows.getString(1), name -> new TreeMap<>())
                        .put(rows.getInt(2), rows.getString(3));
            }
        }
        Map<String, Map<Integer, String>> held = new TreeMap<>();
        JsonNode[] last = new JsonNode[2];
        Await.until("every segment claimed once and caught up, nothing parked", SETTLE_TIMEOUT, () -> {
            held.clear();
            last[0] = viaA.read(SECRETARIAT, "/api/admin/projections").expect(200);
            last[1] = viaB.read(SECRETARIAT, "/api/admin/projections").expect(200);
            boolean ok = true;
            for (int i = 0; i < 2; i++) {
                for (JsonNode processor : last[i]) {
                    String name = processor.path("processingGroup").asString();
                    ok &= processor.path("running").asBoolean() && !processor.path("error").asBoolean()
                            && processor.path("parkedEvents").asLong() == 0;
                    for (JsonNode segment : processor.path("segments")) {
                        ok &= segment.path("caughtUp").asBoolean() && segment.path("error").isNull();
                        String before = held.computeIfAbsent(name, n -> new TreeMap<>())
                                .put(segment.path("segment").asInt(), i == 0 ? "query-a" : "query-b");
                        ok &= before == null;
                    }
                }
            }
            Map<String, Set<Integer>> heldSegments = new TreeMap<>();
            held.forEach((name, segments) -> heldSegments.put(name, segments.keySet()));
            Map<String, Set<Integer>> allSegments = new TreeMap<>();
            owners.forEach((name, segments) -> allSegments.put(name, segments.keySet()));
            return ok && heldSegments.equals(allSegments);
        });
        System.out.println("[scale-out] segments held: " + held);
        if (SPLIT_SEGMENTS) {
            assertThat(Set.copyOf(held.get(READ_MODELS).values())).as("instances holding %s's segments: %s",
                    READ_MODELS, held).containsExactlyInAnyOrder("query-a", "query-b");
        }
        for (int i = 0; i < 2; i++) {
            JsonNode parked = (i == 0 ? viaA : viaB).read(SECRETARIAT, "/api/admin/dead-letters").expect(200);
            parked.forEach(group -> assertThat(group.path("parked").asLong()).as("parked in %s", group).isZero());
        }
        Set<String> distinctOwners = new TreeSet<>();
        owners.values().forEach(segments -> distinctOwners.addAll(segments.values()));
        assertThat(distinctOwners).as("owners in the token store: %s", owners).doesNotContainNull();
        System.out.println("[scale-out] token owners: " + owners);
    }

    /** The logs' warnings and errors; and how many append races each command instance lost (and retried). */
    private List<String> reportLogs() {
        List<String> errorLines = new ArrayList<>();
        for (ServiceProcess process : List.of(commandA, commandB, queryA, queryB)) {
            try {
                List<String> lines = Files.readAllLines(process.log(), StandardCharsets.UTF_8);
                long warnings = lines.stream().filter(line -> line.contains(" WARN ")).count();
                long errors = lines.stream().filter(line -> line.contains(" ERROR ")).count();
                long lostRaces = lines.stream().filter(line -> line.contains("duplicate key value violates unique "
                        + "constraint \"uk_domain_event_aggregate_sequence\"")).count();
                System.out.printf("[scale-out] %s log: %d WARN, %d ERROR line(s)%s%n", process.name(), warnings,
                        errors, process.name().startsWith("command")
                                ? "; appends refused by the event store's key (retried by the service): " + lostRaces
                                : "");
                lines.stream().filter(line -> line.contains(" ERROR ")).limit(20)
                        .forEach(line -> errorLines.add(process.name() + ": " + line));
            } catch (IOException e) {
                errorLines.add("cannot read the log of " + process.name() + ": " + e);
            }
        }
        return errorLines;
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private TallyStream watch(Api api, String user) {
        TallyStream stream = TallyStream.open(api, user, cid);
        streams.add(stream);
        return stream;
    }

    private static long votingTallies(TallyStream stream) {
        return stream.tallies().stream().filter(tally -> "VOTING".equals(tally.path("phase").asString())).count();
    }

    private static void awaitEqual(String what, Duration timeout, JsonNode expected,
                                   Supplier<JsonNode> read) {
        JsonNode[] last = new JsonNode[1];
        try {
            Await.until(what + " equal to the expected tally", timeout, () -> expected.equals(last[0] = read.get()));
        } catch (AssertionError timedOut) {
            assertThat(last[0]).as(timedOut.getMessage()).isEqualTo(expected);
        }
    }

    /** Like {@link Api#awaitRead}, with more patience: four services share two cores here. */
    private static JsonNode awaitRead(Api api, String user, String path, Predicate<JsonNode> ready) {
        Api.Response[] last = new Api.Response[1];
        try {
            Await.until("GET " + path + " on " + api.queryService() + " as " + user, SETTLE_TIMEOUT, () -> {
                last[0] = api.read(user, path);
                if (last[0].status() != 200) {
                    return false;
                }
                try {
                    return ready.test(last[0].json());
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; the last answer: " + last[0], timedOut);
        }
        return last[0].json();
    }

    private String awaitLogLine(ServiceProcess process, String marker) {
        String[] line = new String[1];
        try {
            Await.until(marker + " in the log of " + process.name(), SEED_TIMEOUT, () -> {
                try (Stream<String> lines = Files.lines(process.log(), StandardCharsets.UTF_8)) {
                    line[0] = lines.filter(l -> l.contains(marker)).findFirst().orElse(null);
                } catch (IOException | UncheckedIOException notYet) {
                    return false;
                }
                return line[0] != null;
            });
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; the tail of the log:\n" + process.tail(), timedOut);
        }
        return line[0];
    }

    private String tallyPath() {
        return "/api/consultations/" + cid + "/tally";
    }

    /**
     * CONTRACT §7: the audit chain is append-only. Proposals and comments go to eight consultations from sixteen
     * client threads through both command instances at once, so their transactions commit in every order; all the
     * while the trail is read again and again, and every hash read is compared with the first one read at its
     * position. None may ever change, and at the end the whole trail verifies against the event store.
     */
    @Test
    void noAuditHashEverChangesOnceWrittenWhileTwoCommandInstancesWriteConcurrently() throws Exception {
        List<String> consultations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "chain-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            (i % 2 == 0 ? viaA : viaB).post(SECRETARIAT, "/api/consultations", body("id", id,
                    "title", "Append-only chain " + id, "question", "Which topic?")).expect(201);
            consultations.add(id);
        }
        Map<Long, String> firstSeen = new ConcurrentHashMap<>();
        List<String> changed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int n = 0; n < 12; n++) {
                        Api via = (thread + n) % 2 == 0 ? viaA : viaB;
                        String cidOfWrite = consultations.get((thread + n) % consultations.size());
                        String pid = via.post(SECRETARIAT, "/api/consultations/" + cidOfWrite + "/proposals",
                                body("title", "Topic " + thread + "-" + n, "summary", "From thread " + thread))
                                .expect(201).path("id").asString();
                        (via == viaA ? viaB : viaA).post(OBSERVER, "/api/consultations/" + cidOfWrite
                                + "/proposals/" + pid + "/comments", body("text", "Noted, " + n)).expect(201);
                    }
                    return null;
                }));
            }
            Future<?> watcher = pool.submit(() -> {
                while (writers.stream().anyMatch(writer -> !writer.isDone())) {
                    readTrail(firstSeen, changed);
                    reads.incrementAndGet();
                }
                return null;
            });
            for (Future<?> writer : writers) {
                writer.get(VOTING_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            watcher.get(VOTING_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        awaitRead(viaA, SECRETARIAT, "/api/audit/verify", verification -> verification.path("verified").asBoolean());
        readTrail(firstSeen, changed);
        System.out.printf("[scale-out] audit chain: %d entries read %d times while written; %d hash(es) changed%n",
                firstSeen.size(), reads.get(), changed.size());
        assertThat(reads.get()).as("reads of the trail while it was written").isGreaterThan(1);
        assertThat(changed).as("hashes that changed after they were first read").isEmpty();
    }

    /** Reads the whole trail; every hash is compared with the first one read at its position. */
    private void readTrail(Map<Long, String> firstSeen, List<String> changed) {
        long after = 0;
        JsonNode entries;
        do {
            entries = viaA.read(SECRETARIAT, "/api/audit?limit=1000&after=" + after).expect(200).path("entries");
            for (JsonNode entry : entries) {
                long position = entry.path("position").asLong();
                String hash = entry.path("hash").asString();
                String first = firstSeen.putIfAbsent(position, hash);
                if (first != null && !first.equals(hash)) {
                    changed.add(position + ": " + first + " -> " + hash);
                }
                after = position;
            }
        } while (entries.size() == 1000);
    }

    private String ballotPath(String state) {
        return "/api/consultations/" + cid + "/ballots/" + state;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || Boolean.getBoolean("idm.system-tests.keep-data")) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // only a temporary directory under target/
        }
    }
}
