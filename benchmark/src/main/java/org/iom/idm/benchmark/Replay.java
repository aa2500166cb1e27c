package org.iom.idm.benchmark;

import org.iom.idm.harness.Pause;
import org.iom.idm.harness.ServiceApi;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replay speed: fills the event store up to the wanted number of events (written straight into it, see
 * {@link StoredEvents}), then asks the query service to rebuild every read model
 * ({@code POST /api/admin/projections/rebuild}) and times it until the rebuild is done and every processor runs again
 * and has processed the last event ({@code GET /api/admin/projections}).
 */
final class Replay {

    private static final long STATUS_POLL_MILLIS = 100;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    /** Processors slower than this fail the benchmark instead of holding it forever. */
    private static final Duration PATIENCE = Duration.ofMinutes(30);

    private final ServiceApi api;
    private final StoredEvents store;
    private final Services services;
    private final Progress progress;
    private final boolean writeWhileRunning;
    private final CpuMeter cpu;

    record Result(long events, long written, Duration writing, Duration rebuild, Map<String, Duration> byGroup,
                  long parkedEvents, String cpu) {

        double eventsPerSecond() {
            return events / (rebuild.toNanos() / 1e9);
        }
    }

    /**
     * {@code writeWhileRunning}: write with the query service running (its processors follow the writes and then
     * are waited for) rather than stopped and started again, which takes longer than following a few events.
     */
    Replay(ServiceApi api, StoredEvents store, Services services, Progress progress, boolean writeWhileRunning,
           CpuMeter cpu) {
        this.cpu = cpu;
        this.api = api;
        this.store = store;
        this.services = services;
        this.progress = progress;
        this.writeWhileRunning = writeWhileRunning;
    }

    Result run(long wantedEvents, String runId, List<String> states) {
        store.checkFormat();
        long missing = Math.max(0, wantedEvents - store.count().events());
        // With the query service stopped, its processors do not follow the events as they are written.
        boolean stopped = !writeWhileRunning && services.stopQueryService();
        long writeStart = System.nanoTime();
        progress.say("writing " + missing + " events into the event store"
                + (stopped ? " (query service stopped meanwhile)" : ""));
        store.write(missing, runId, states);
        Duration writing = Duration.ofNanos(System.nanoTime() - writeStart);
        progress.say(String.format(Locale.ROOT, "written in %.1f s (%.0f events/s)", writing.toNanos() / 1e9,
                missing / (writing.toNanos() / 1e9)));
        if (stopped) {
            services.startQueryService();
        }
        StoredEvents.Count count = store.count();
        if (!stopped) {
            progress.say("waiting for the processors to follow the written events");
            awaitProcessed(count.maxGlobalIndex(), System.nanoTime());
        }
        progress.say("rebuilding every read model from " + count.events() + " events");
        CpuMeter.Snapshot cpuBefore = cpu.take();
        long start = System.nanoTime();
        api.send(api.queryService(), "POST", ServiceApi.SECRETARIAT, "/api/admin/projections/rebuild", null,
                "application/json").expect2xx();
        Processed processed = awaitProcessed(count.maxGlobalIndex(), start);
        String cpuUse = CpuMeter.between(cpuBefore, cpu.take());
        Duration rebuild = processed.byGroup().values().stream().max(Duration::compareTo).orElseThrow();
        return new Result(count.events(), missing, writing, rebuild, processed.byGroup(), processed.parked(), cpuUse);
    }

    /** Waits until every processor has processed every event now in the store; how long that took. */
    Duration awaitCaughtUp() {
        long start = System.nanoTime();
        awaitProcessed(store.count().maxGlobalIndex(), start);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private record Processed(Map<String, Duration> byGroup, long parked) {
    }

    /** Polls the processors' status until each has processed {@code maxGlobalIndex}; when, for each, since start. */
    private Processed awaitProcessed(long maxGlobalIndex, long start) {
        Map<String, Duration> byGroup = new LinkedHashMap<>();
        long nextReport = start + PROGRESS_EVERY.toNanos();
        while (true) {
            JsonNode statuses = api.read(ServiceApi.SECRETARIAT, "/api/admin/projections").expect2xx();
            long now = System.nanoTime();
            boolean all = true;
            long parked = 0;
            List<String> positions = new ArrayList<>();
            for (JsonNode status : statuses) {
                String group = status.path("processingGroup").asString();
                parked += status.path("parkedEvents").asLong();
                if (status.path("error").asBoolean()) {
                    throw new IllegalStateException("the processor " + group + " failed: " + status);
                }
                String rebuild = status.path("rebuild").path("state").asString("");
                if (rebuild.equals("FAILED")) {
                    throw new IllegalStateException("the rebuild of " + group + " failed: " + status);
                }
                long position = lowestPosition(status);
                positions.add(group + " " + (rebuild.equals("RUNNING")
                        ? "rebuilt to " + status.path("rebuild").path("position").asLong() : position));
                if (position >= maxGlobalIndex && status.path("running").asBoolean() && !rebuild.equals("RUNNING")) {
                    byGroup.putIfAbsent(group, Duration.ofNanos(now - start));
                } else {
                    all = false;
                }
            }
            if (all) {
                return new Processed(byGroup, parked);
            }
            if (now - start > PATIENCE.toNanos()) {
                throw new IllegalStateException("the processors did not reach event " + maxGlobalIndex + " within "
                        + PATIENCE + ": " + positions);
            }
            if (now > nextReport) {
                progress.say("processors at " + String.join(", ", positions) + " of " + maxGlobalIndex);
                nextReport = now + PROGRESS_EVERY.toNanos();
            }
            Pause.millis(STATUS_POLL_MILLIS);
        }
    }

    /** The slowest segment's position; -1 while a segment has none (not claimed yet, or just reset). */
    private static long lowestPosition(JsonNode status) {
        JsonNode segments = status.path("segments");
        if (segments.isEmpty()) {
            return -1;
        }
        long lowest = Long.MAX_VALUE;
        for (JsonNode segment : segments) {
            JsonNode position = segment.path("position");
            lowest = Math.min(lowest, position.isNumber() ? position.asLong() : -1);
        }
        return lowest;
    }
}
