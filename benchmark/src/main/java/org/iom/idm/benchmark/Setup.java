package org.iom.idm.benchmark;

import org.iom.idm.harness.Pause;
import org.iom.idm.harness.ServiceApi;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares the votes through the public API: the secretariat creates consultations and tables two proposals in
 * each, the chair opens voting.
 */
final class Setup {

    /** The demo seed registers this many member states, each with a delegate user. */
    static final int SEEDED_MEMBER_STATES = 186;
    private static final Duration SEED_TIMEOUT = Duration.ofSeconds(120);
    private static final long SEED_POLL_MILLIS = 500;
    /** Consultations are prepared, and users signed in, a few at a time. */
    private static final int PARALLEL_PREPARATIONS = 4;

    /** A consultation in voting and its proposals' ids. */
    record Consultation(String id, List<String> proposals) {
    }

    private final ServiceApi api;
    private final String runId;

    Setup(ServiceApi api, String runId) {
        this.api = api;
        this.runId = runId;
    }

    /**
     * The member states with voting rights, once the query service lists them all; with services that the
     * benchmark started, that is once the demo seed has reached the read models.
     */
    List<String> votingMemberStates(boolean awaitSeed) {
        long deadline = System.nanoTime() + SEED_TIMEOUT.toNanos();
        while (true) {
            List<String> states = new ArrayList<>();
            ServiceApi.Response response = api.read(ServiceApi.SECRETARIAT, "/api/member-states");
            if (response.ok()) {
                for (JsonNode state : response.json()) {
                    if ("ACTIVE".equals(state.path("votingRights").asString())) {
                        states.add(state.path("code").asString());
                    }
                }
            }
            if (!awaitSeed || states.size() >= SEEDED_MEMBER_STATES) {
                return states.stream().sorted().toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo seed did not reach the query service within " + SEED_TIMEOUT
                        + ": " + states.size() + " member states listed");
            }
            Pause.millis(SEED_POLL_MILLIS);
        }
    }

    /**
     * Signs every user in once, a few at a time: the writers at the command service, the readers at the query
     * service too. The services check a password with BCrypt only at a user's first request and then remember
     * it, so this one-time cost stays out of the measurements.
     */
    void signIn(List<String> writers, List<String> readers) {
        List<Callable<Object>> signIns = new ArrayList<>();
        writers.forEach(user -> signIns.add(() -> {
            api.signIn(user, readers.contains(user));
            return user;
        }));
        inParallel("signing in", signIns);
    }

    /** Prepares {@code count} consultations in voting, named {@code bench-<run>-<label>-<n>}. */
    List<Consultation> votingConsultations(String label, int count) {
        List<Callable<Consultation>> preparations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "bench-" + runId + "-" + label + "-" + i;
            preparations.add(() -> votingConsultation(id));
        }
        return inParallel("preparing the consultations", preparations);
    }

    private static <T> List<T> inParallel(String what, List<Callable<T>> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_PREPARATIONS);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private Consultation votingConsultation(String id) {
        String base = "/api/consultations";
        api.post(ServiceApi.SECRETARIAT, base, json(Map.of("id", id, "title", "Benchmark " + id,
                "question", "Which theme?"))).expect2xx();
        List<String> proposals = new ArrayList<>();
        for (String title : List.of("Migration and Climate Change", "Engaging Diasporas")) {
            JsonNode created = api.post(ServiceApi.SECRETARIAT, base + "/" + id + "/proposals",
                    json(Map.of("title", title, "summary", "A benchmark proposal: " + title)))
                    .expect2xx();
            proposals.add(created.path("id").asString());
        }
        api.post(ServiceApi.CHAIR, base + "/" + id + "/open-voting", null).expect2xx();
        return new Consultation(id, List.copyOf(proposals));
    }

    private static String json(Object value) {
        return ServiceApi.JSON.writeValueAsString(value);
    }
}
