package org.iom.idm.benchmark;

import org.iom.idm.benchmark.Setup.Consultation;
import org.iom.idm.harness.Pause;
import org.iom.idm.harness.ServiceApi;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures how long an accepted command takes to show in the query service: each probe is the delegate of a
 * member state that the load leaves alone; it changes its ballot in the load's consultations in turn and, from
 * the command's 2xx on, reads {@code GET /ballots/mine} until the change shows. A sample is thus late by at most
 * one read and one poll interval. The probes can be started again after they stopped (at another load); each
 * state's ballots are then counted on from where they were.
 */
final class VisibilityProbes {

    /**
     * A change not visible by then is counted as missing and as a sample of this length, so that the percentiles
     * are then lower bounds rather than silently better.
     */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ServiceApi api;
    private final List<Consultation> consultations;
    private final List<String> probeStates;
    private final Duration pollInterval;
    /** Per probe state, its ballot's expected "changes" per consultation: 0 after the first cast, then +1 each. */
    private final Map<String, int[]> ballotsByState = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Samples> samples = new ArrayList<>();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private long started;

    record Result(Samples.Percentiles visibility, long commands, long missing, long reads, Duration elapsed) {

        double readsPerSecond() {
            return reads / (elapsed.toNanos() / 1e9);
        }
    }

    VisibilityProbes(ServiceApi api, List<Consultation> consultations, List<String> probeStates,
                     Duration pollInterval) {
        this.api = api;
        this.consultations = consultations;
        this.probeStates = probeStates;
        this.pollInterval = pollInterval;
        probeStates.forEach(state -> ballotsByState.put(state, new int[consultations.size()]));
    }

    void start() {
        threads.clear();
        samples.clear();
        missing.set(0);
        commands.set(0);
        reads.set(0);
        stopping = false;
        started = System.nanoTime();
        for (String state : probeStates) {
            Samples mine = new Samples();
            samples.add(mine);
            Thread thread = new Thread(() -> {
                try {
                    probe(state, mine);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "probe-" + state);
            threads.add(thread);
            thread.start();
        }
    }

    Result stop() {
        stopping = true;
        Samples all = new Samples();
        Pause.untilEnded(threads);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        samples.forEach(all::addAll);
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Result(all.percentiles(), commands.get(), missing.get(), reads.get(), elapsed);
    }

    private void probe(String state, Samples mine) {
        String delegate = ServiceApi.delegate(state);
        int[] ballots = ballotsByState.get(state);
        String[][] bodies = consultations.stream().map(BallotLoad::ballotBodies).toArray(String[][]::new);
        for (int turn = 0; !stopping; turn++) {
            int c = turn % consultations.size();
            Consultation consultation = consultations.get(c);
            String body = bodies[c][ballots[c] % bodies[c].length];
            ServiceApi.Response cast = api.put(delegate, BallotLoad.ballotPath(consultation.id(), state), body);
            long acknowledged = System.nanoTime();
            if (!cast.ok()) {
                throw new IllegalStateException("the probe's ballot in " + consultation.id() + " as " + delegate
                        + " answered " + cast.status() + " " + cast.body());
            }
            commands.incrementAndGet();
            int expectedChanges = ballots[c]++;
            String mineUri = "/api/consultations/" + consultation.id() + "/ballots/mine";
            long deadline = acknowledged + PATIENCE.toNanos();
            while (true) {
                ServiceApi.Response read = api.read(delegate, mineUri);
                reads.incrementAndGet();
                long now = System.nanoTime();
                if (read.ok() && changes(read.json()) >= expectedChanges) {
                    mine.add(now - acknowledged);
                    break;
                }
                if (now > deadline) {
                    missing.incrementAndGet();
                    mine.add(PATIENCE.toNanos());
                    break;
                }
                Pause.of(pollInterval);
            }
        }
    }

    private static int changes(JsonNode ballot) {
        return ballot.path("changes").asInt(-1);
    }
}
