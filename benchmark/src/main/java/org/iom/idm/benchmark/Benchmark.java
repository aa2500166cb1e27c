package org.iom.idm.benchmark;

import org.iom.idm.benchmark.Report.Figure;
import org.iom.idm.benchmark.Setup.Consultation;
import org.iom.idm.harness.ServiceApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark: starts both services on a fresh database (or targets running ones), then measures in turn
 * <ol>
 *     <li>accepted ballots per second through HTTP, spread over many consultations (while probes measure 2, the
 *     time until a change is visible in the query service), then on one hot consultation;</li>
 *     <li>tally stream fan-out to many subscribers;</li>
 *     <li>the physical baseline: plain JDBC inserts of event-sized rows into the same database;</li>
 *     <li>replay: rebuilding every read model from the wanted number of stored events;</li>
 * </ol>
 * and prints one table. Run: {@code java -jar benchmark/target/benchmark.jar --database postgres}.
 */
public final class Benchmark {

    /** Seconds averaged per entry of the throughput timelines in the details. */
    private static final int TIMELINE_STEP_SECONDS = 5;

    private Benchmark() {
    }

    public static void main(String[] args) {
        if (Options.wantsHelp(args)) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        System.out.println(run(options).render());
    }

    static Report run(Options options) {
        Progress progress = new Progress();
        String runId = UUID.randomUUID().toString().substring(0, 6);
        Path workDir = workDir(options);
        String loadBefore = Machine.loadAverage();
        boolean target = options.targetsRunningServices();
        Database database = target ? Database.given(options) : Database.fresh(options, workDir.resolve("data"));
        Services services = null;
        try {
            progress.say("database: " + database + (target ? "" : "; starting the services, logs in " + workDir));
            services = target ? Services.running(options) : Services.start(options, database, workDir);
            progress.say("command service " + services.api().commandService() + ", query service "
                    + services.api().queryService());
            Report report = new Report("IDM benchmark on " + (database.kind() == Options.DatabaseKind.H2 ? "H2"
                    : "PostgreSQL"));
            options.describe(database.kind()).forEach(line -> report.detail("options: " + line));
            measure(options, runId, database, services, report, progress);
            report.machine(Machine.describe(database.version()));
            report.machine(List.of("load average (1, 5, 15 min) before: " + loadBefore + ", after: "
                    + Machine.loadAverage()));
            report.detail(String.format(Locale.ROOT, "the whole run took %.0f s", progress.elapsedSeconds()));
            return report;
        } finally {
            if (services != null) {
                services.close();
            }
            if (options.keepData()) {
                database.keep();
            } else {
                database.close();
                deleteRecursively(workDir.resolve("data"));
            }
        }
    }

    private static void measure(Options options, String runId, Database database, Services services, Report report,
                                Progress progress) {
        ServiceApi api = services.api();
        Setup setup = new Setup(api, runId);
        List<String> allStates = setup.votingMemberStates(services.started());
        List<String> states = allStates.subList(0, Math.min(options.memberStates(), allStates.size()));
        if (states.size() < options.clients() + options.probes()) {
            throw new IllegalStateException(options.clients() + " clients and " + options.probes() + " probes need "
                    + "as many member states with voting rights; there are " + states.size());
        }
        List<String> loadStates = states.subList(0, states.size() - options.probes());
        List<String> probeStates = states.subList(states.size() - options.probes(), states.size());

        List<String> writers = new ArrayList<>(List.of(ServiceApi.SECRETARIAT, ServiceApi.CHAIR));
        states.forEach(state -> writers.add(ServiceApi.delegate(state)));
        List<String> readers = new ArrayList<>(List.of(ServiceApi.SECRETARIAT, ServiceApi.CHAIR));
        probeStates.forEach(state -> readers.add(ServiceApi.delegate(state)));
        progress.say("signing in " + writers.size() + " users");
        setup.signIn(writers, readers);

        progress.say("preparing " + options.consultations() + " consultations in voting");
        List<Consultation> spread = setup.votingConsultations("c", options.consultations());
        Consultation hot = setup.votingConsultations("hot", 1).get(0);
        Consultation fanOutConsultation = setup.votingConsultations("fan-out", 1).get(0);

        BallotLoad spreadLoad = new BallotLoad(api, spread, loadStates, options.clients());
        if (!options.warmup().isZero()) {
            progress.say("warming up for " + Options.text(options.warmup()));
            spreadLoad.run(options.warmup());
        }
        progress.say("spread load for " + Options.text(options.duration()) + ", " + options.clients() + " clients, "
                + options.probes() + " visibility probes");
        CpuMeter cpu = new CpuMeter(services::processes);
        VisibilityProbes probes = new VisibilityProbes(api, spread, probeStates, options.visibilityPollInterval());
        CpuMeter.Snapshot spreadStart = cpu.take();
        probes.start();
        BallotLoad.Result spreadResult = spreadLoad.run(options.duration());
        VisibilityProbes.Result visibility = probes.stop();
        CpuMeter.Snapshot spreadEnd = cpu.take();
        progress.say(String.format(Locale.ROOT, "spread: %.0f accepted/s", spreadResult.acceptedPerSecond()));

        double offered = spreadResult.acceptedPerSecond() * options.pacedPercent() / 100;
        progress.say(String.format(Locale.ROOT, "paced spread load for %s at %.0f ballots/s (%d %% of the maximum)",
                Options.text(options.pacedDuration()), offered, options.pacedPercent()));
        CpuMeter.Snapshot pacedStart = cpu.take();
        probes.start();
        BallotLoad.Result pacedResult = spreadLoad.run(options.pacedDuration(), offered);
        VisibilityProbes.Result pacedVisibility = probes.stop();
        CpuMeter.Snapshot pacedEnd = cpu.take();

        progress.say("hot consultation for " + Options.text(options.hotDuration()));
        CpuMeter.Snapshot hotStart = cpu.take();
        BallotLoad.Result hotResult = new BallotLoad(api, List.of(hot), states, options.clients())
                .run(options.hotDuration());
        CpuMeter.Snapshot hotEnd = cpu.take();
        progress.say(String.format(Locale.ROOT, "hot: %.0f accepted/s", hotResult.acceptedPerSecond()));

        // Each phase starts from read models that have caught up with the one before.
        Replay replay = new Replay(api, new StoredEvents(database), services, progress, options.replayWhileRunning(),
                cpu);
        Duration backlog = replay.awaitCaughtUp();
        progress.say(String.format(Locale.ROOT, "the read models caught up with the load %.1f s after it ended",
                backlog.toNanos() / 1e9));
        progress.say("fan-out: " + options.subscribers() + " tally stream subscribers, " + options.fanOutRounds()
                + " ballots");
        CpuMeter.Snapshot fanOutStart = cpu.take();
        FanOut.Result fanOut = new FanOut(api).run(fanOutConsultation, states, options.subscribers(),
                options.fanOutRounds());
        CpuMeter.Snapshot fanOutEnd = cpu.take();

        progress.say("JDBC baseline, one row per transaction, then batched");
        JdbcBaseline baseline = new JdbcBaseline(database);
        JdbcBaseline.Result single = baseline.run(options.baselineConnections(), 1, options.baselineDuration());
        JdbcBaseline.Result batched = baseline.run(options.baselineConnections(), options.baselineBatch(),
                options.baselineDuration());

        Replay.Result replayed = replay.run(options.replayEvents(), runId, states);
        progress.say(String.format(Locale.ROOT, "replay: %.0f events/s", replayed.eventsPerSecond()));

        report.put(Figure.SPREAD_THROUGHPUT, spreadResult.acceptedPerSecond());
        report.put(Figure.HOT_THROUGHPUT, hotResult.acceptedPerSecond());
        report.put(Figure.HOT_TO_SPREAD, hotResult.acceptedPerSecond() / spreadResult.acceptedPerSecond());
        report.put(Figure.COMMAND_CPU_SPREAD, CpuMeter.millisPer(spreadStart, spreadEnd, "command-service",
                spreadResult.accepted()));
        report.put(Figure.COMMAND_CPU_HOT, CpuMeter.millisPer(hotStart, hotEnd, "command-service",
                hotResult.accepted()));
        report.put(Figure.VISIBILITY_P50, visibility.visibility().p50());
        report.put(Figure.VISIBILITY_P95, visibility.visibility().p95());
        report.put(Figure.VISIBILITY_P99, visibility.visibility().p99());
        report.put(Figure.PROBE_READS, visibility.readsPerSecond());
        report.put(Figure.PACED_RATE, pacedResult.acceptedPerSecond());
        report.put(Figure.PACED_VISIBILITY_P50, pacedVisibility.visibility().p50());
        report.put(Figure.PACED_VISIBILITY_P99, pacedVisibility.visibility().p99());
        report.put(Figure.PACED_PROBE_READS, pacedVisibility.readsPerSecond());
        report.put(Figure.REPLAY_RATE, replayed.eventsPerSecond());
        report.put(Figure.FAN_OUT_P50, fanOut.delivery().p50());
        report.put(Figure.FAN_OUT_P99, fanOut.delivery().p99());
        report.put(Figure.FAN_OUT_MAX, fanOut.delivery().max());
        report.put(Figure.JDBC_SINGLE, single.rowsPerSecond());
        report.put(Figure.JDBC_BATCHED, batched.rowsPerSecond());
        report.put(Figure.RATIO_SPREAD_SINGLE, spreadResult.acceptedPerSecond() / single.rowsPerSecond());
        report.put(Figure.RATIO_SPREAD_BATCHED, spreadResult.acceptedPerSecond() / batched.rowsPerSecond());
        report.put(Figure.RATIO_HOT_SINGLE, hotResult.acceptedPerSecond() / single.rowsPerSecond());
        report.put(Figure.RATIO_HOT_BATCHED, hotResult.acceptedPerSecond() / batched.rowsPerSecond());

        detailLoad(report, "spread over " + spread.size() + " consultations", spreadResult, spreadStart, spreadEnd);
        detailLoad(report, String.format(Locale.ROOT, "paced at %.0f ballots/s offered", offered), pacedResult,
                pacedStart, pacedEnd);
        detailLoad(report, "hot consultation", hotResult, hotStart, hotEnd);
        detailVisibility(report, "the spread load", visibility);
        detailVisibility(report, "the paced load", pacedVisibility);
        report.detail(String.format(Locale.ROOT, "after the load: the read models caught up %.1f s after it ended "
                + "(waited for before the fan-out)", backlog.toNanos() / 1e9));
        report.detail(String.format(Locale.ROOT, "fan-out: %d subscribers opened in %.1f s, %d ballots, %d deliveries "
                        + "(%d missing, counted as %d s; %d streams ended early)", fanOut.subscribers(),
                fanOut.openTime().toNanos() / 1e9, fanOut.rounds(), fanOut.delivery().count(), fanOut.missing(),
                FanOut.DELIVERY_TIMEOUT.toSeconds(), fanOut.endedEarly()));
        report.detail("fan-out " + CpuMeter.between(fanOutStart, fanOutEnd));
        for (JdbcBaseline.Result result : List.of(single, batched)) {
            report.detail(String.format(Locale.ROOT, "JDBC baseline, %d row(s) per transaction: %d rows in %.1f s by "
                            + "%d connections, rows of about %d bytes", result.rowsPerTransaction(), result.rows(),
                    result.elapsed().toNanos() / 1e9, result.connections(), result.rowBytes()));
        }
        report.detail(String.format(Locale.ROOT, "replay: %d events in the store (%d written directly in %.1f s); "
                        + "rebuilt in %.1f s; parked events %d", replayed.events(), replayed.written(),
                replayed.writing().toNanos() / 1e9, replayed.rebuild().toNanos() / 1e9, replayed.parkedEvents()));
        report.detail("replay " + replayed.cpu());
        report.detail("replay by processing group (done after, events/s): " + replayed.byGroup().entrySet().stream()
                .map(entry -> String.format(Locale.ROOT, "%s %.1f s %s/s", entry.getKey(),
                        entry.getValue().toNanos() / 1e9,
                        Report.number(replayed.events() / (entry.getValue().toNanos() / 1e9))))
                .collect(Collectors.joining(", ")));
    }

    private static void detailLoad(Report report, String what, BallotLoad.Result result, CpuMeter.Snapshot from,
                                   CpuMeter.Snapshot to) {
        Samples.Percentiles latency = result.latency();
        report.detail(String.format(Locale.ROOT, "%s: %d accepted in %.1f s, refused %s, failed %d; command latency "
                        + "p50 %s ms, p95 %s ms, p99 %s ms, max %s ms", what, result.accepted(),
                result.elapsed().toNanos() / 1e9, result.refusedByStatus().isEmpty() ? "none"
                        : result.refusedByStatus().toString(), result.failures(), Report.number(latency.p50()),
                Report.number(latency.p95()), Report.number(latency.p99()), Report.number(latency.max())));
        report.detail(what + ": accepted/s, " + TIMELINE_STEP_SECONDS + "-second means: " + timeline(
                result.acceptedEachSecond()));
        report.detail(String.format(Locale.ROOT, "%s %s; command service CPU per accepted ballot %s ms", what,
                CpuMeter.between(from, to), Report.number(CpuMeter.millisPer(from, to, "command-service",
                        result.accepted()))));
    }

    private static void detailVisibility(Report report, String during, VisibilityProbes.Result visibility) {
        report.detail(String.format(Locale.ROOT, "visibility during %s: %d samples from %d probe ballots, %d not "
                        + "visible within %d s (counted as %d s: the percentiles are then lower bounds), max %s ms; "
                        + "%d probe reads (%s/s)", during, visibility.visibility().count(), visibility.commands(),
                visibility.missing(), VisibilityProbes.PATIENCE.toSeconds(), VisibilityProbes.PATIENCE.toSeconds(),
                Report.number(visibility.visibility().max()), visibility.reads(),
                Report.number(visibility.readsPerSecond())));
    }

    private static String timeline(long[] perSecond) {
        StringBuilder line = new StringBuilder();
        for (int from = 0; from < perSecond.length; from += TIMELINE_STEP_SECONDS) {
            int to = Math.min(perSecond.length, from + TIMELINE_STEP_SECONDS);
            long sum = 0;
            for (int i = from; i < to; i++) {
                sum += perSecond[i];
            }
            line.append(line.length() == 0 ? "" : " ").append(sum / (to - from));
        }
        return line.toString();
    }

    private static Path workDir(Options options) {
        try {
            if (options.workDir() != null) {
                return Files.createDirectories(options.workDir());
            }
            return Files.createTempDirectory("idm-benchmark-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("[benchmark] could not delete " + dir + ": " + e.getMessage());
        }
    }
}
