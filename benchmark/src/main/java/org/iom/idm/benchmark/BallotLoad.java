package org.iom.idm.benchmark;

import org.iom.idm.benchmark.Setup.Consultation;
import org.iom.idm.harness.Pause;
import org.iom.idm.harness.ServiceApi;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Concurrent clients casting ballots through HTTP for as long as asked: each client speaks for its own share of
 * the member states (as delegates do) and votes in randomly chosen consultations, changing its ballot each time,
 * so that every accepted command is a new event (an unchanged ballot is accepted without one).
 */
final class BallotLoad {

    /** A ballot cycles through: the first proposal, the second, an abstention. */
    private static final int BALLOT_VARIANTS = 3;

    private final ServiceApi api;
    private final List<Consultation> consultations;
    private final List<List<String>> statesByClient = new ArrayList<>();
    /** The next variant per client, consultation and owned state; kept across runs (warm-up, measurement). */
    private final int[][][] nextVariant;
    private final String[][] bodies;

    record Result(long accepted, Map<Integer, Long> refusedByStatus, long failures, Duration elapsed,
                  Samples.Percentiles latency, long[] acceptedEachSecond) {

        double acceptedPerSecond() {
            return accepted / (elapsed.toNanos() / 1e9);
        }

        long refused() {
            return refusedByStatus.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    BallotLoad(ServiceApi api, List<Consultation> consultations, List<String> states, int clients) {
        if (states.size() < clients) {
            throw new IllegalArgumentException(clients + " clients need as many member states; there are "
                    + states.size());
        }
        this.api = api;
        this.consultations = consultations;
        for (int client = 0; client < clients; client++) {
            statesByClient.add(new ArrayList<>());
        }
        for (int i = 0; i < states.size(); i++) {
            statesByClient.get(i % clients).add(states.get(i));
        }
        nextVariant = new int[clients][consultations.size()][];
        for (int client = 0; client < clients; client++) {
            for (int c = 0; c < consultations.size(); c++) {
                nextVariant[client][c] = new int[statesByClient.get(client).size()];
            }
        }
        bodies = new String[consultations.size()][];
        for (int c = 0; c < consultations.size(); c++) {
            bodies[c] = ballotBodies(consultations.get(c));
        }
    }

    /** The three ballots of a consultation, as request bodies. */
    static String[] ballotBodies(Consultation consultation) {
        List<String> proposals = consultation.proposals();
        return new String[] {
                "{\"choices\":[\"" + proposals.get(0) + "\"]}",
                "{\"choices\":[\"" + proposals.get(1) + "\"]}",
                "{\"abstain\":true}"};
    }

    static String ballotPath(String consultationId, String memberState) {
        return "/api/consultations/" + consultationId + "/ballots/" + memberState;
    }

    /** As fast as the clients can: each sends its next ballot when the last one is answered. */
    Result run(Duration duration) {
        return run(duration, 0);
    }

    /**
     * At an offered rate: the clients together send {@code ballotsPerSecond}, each on its own fixed schedule; a
     * client behind its schedule sends at once but does not catch up with a burst.
     */
    Result run(Duration duration, double ballotsPerSecond) {
        int clients = statesByClient.size();
        long interval = ballotsPerSecond > 0 ? (long) (clients * 1e9 / ballotsPerSecond) : 0;
        AtomicLong accepted = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Map<Integer, AtomicLong> refused = new ConcurrentHashMap<>();
        AtomicLongArray perSecond = new AtomicLongArray((int) duration.toSeconds() + 2);
        Samples[] latencies = new Samples[clients];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int client = 0; client < clients; client++) {
            int me = client;
            latencies[me] = new Samples();
            Thread thread = new Thread(() -> {
                List<String> mine = statesByClient.get(me);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long next = start + (interval == 0 ? 0 : random.nextLong(interval));
                while (System.nanoTime() < deadline) {
                    if (interval > 0) {
                        Pause.of(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
                        next = Math.max(next + interval, System.nanoTime());
                    }
                    int c = random.nextInt(consultations.size());
                    int s = random.nextInt(mine.size());
                    int variant = nextVariant[me][c][s];
                    String state = mine.get(s);
                    long sent = System.nanoTime();
                    ServiceApi.Response response;
                    try {
                        response = api.put(ServiceApi.delegate(state), ballotPath(consultations.get(c).id(), state),
                                bodies[c][variant]);
                    } catch (UncheckedIOException failed) {
                        failures.incrementAndGet();
                        continue;
                    }
                    long done = System.nanoTime();
                    if (response.ok()) {
                        nextVariant[me][c][s] = (variant + 1) % BALLOT_VARIANTS;
                        accepted.incrementAndGet();
                        latencies[me].add(done - sent);
                        int second = (int) ((done - start) / 1_000_000_000L);
                        if (second < perSecond.length()) {
                            perSecond.incrementAndGet(second);
                        }
                    } else {
                        refused.computeIfAbsent(response.status(), status -> new AtomicLong()).incrementAndGet();
                    }
                }
            }, "ballots-" + client);
            threads.add(thread);
            thread.start();
        }
        Pause.untilEnded(threads);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Samples all = new Samples();
        for (Samples samples : latencies) {
            all.addAll(samples);
        }
        Map<Integer, Long> refusedByStatus = new TreeMap<>();
        refused.forEach((status, count) -> refusedByStatus.put(status, count.get()));
        long[] seconds = new long[(int) Math.max(1, duration.toSeconds())];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = perSecond.get(i);
        }
        return new Result(accepted.get(), refusedByStatus, failures.get(), elapsed, all.percentiles(), seconds);
    }
}
