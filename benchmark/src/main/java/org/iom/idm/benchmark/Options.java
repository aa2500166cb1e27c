package org.iom.idm.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to run and how big: {@code --name value} or {@code --name=value} on the command line. Every size has a
 * default that runs within ten minutes on the project's two-core machine.
 */
record Options(
        DatabaseKind database,
        String postgresHost,
        int postgresPort,
        String postgresUser,
        String postgresPassword,
        String commandUrl,
        String queryUrl,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        Path projectDir,
        Path commandJar,
        Path queryJar,
        Path workDir,
        List<String> serviceJvmOptions,
        boolean keepData,
        int memberStates,
        int clients,
        int consultations,
        Duration warmup,
        Duration duration,
        Duration hotDuration,
        Duration pacedDuration,
        int pacedPercent,
        int probes,
        Duration visibilityPollInterval,
        long replayEvents,
        boolean replayWhileRunning,
        int subscribers,
        int fanOutRounds,
        int baselineConnections,
        int baselineBatch,
        Duration baselineDuration) {

    enum DatabaseKind { H2, POSTGRES }

    static final String USAGE = """
            usage: java -jar benchmark/target/benchmark.jar [options]

            where and what:
              --database h2|postgres       the services' database (default h2); postgres: a fresh database on the
                                           server below, dropped at the end
              --postgres-host/-port/-user/-password   default 127.0.0.1, 5432, postgres, empty
              --project-dir DIR            where command-service/target and query-service/target are (default .)
              --command-jar, --query-jar   the services' executable jars (default: found in the project dir)
              --service-jvm-options "..."  JVM options of both services (default "-Xmx1g"); {service} stands for
                                           the service's name, e.g. -XX:StartFlightRecording=filename=/tmp/{service}.jfr
              --work-dir DIR               the services' logs and the H2 file (default: a new temporary directory)
              --keep-data                  keep the database (PostgreSQL's, or the H2 file in the work directory;
                                           the services' logs stay there anyway)
              --command-url, --query-url   target running services instead of starting them; then also
              --jdbc-url, --jdbc-user, --jdbc-password   their database (replay and JDBC baseline)

            sizes (defaults in brackets):
              --member-states N            how many of the member states with voting rights vote [all: 186]
              --clients N                  concurrent HTTP clients casting ballots [32]
              --consultations N            consultations in voting for the spread load [100]
              --warmup D                   spread load before measuring, not counted [15s]
              --duration D                 measured spread load, many consultations [60s]
              --hot-duration D             measured load on one hot consultation [30s]
              --paced-duration D           spread load offered at a fixed share of the measured maximum, for
                                           the visibility at that rate [30s]
              --paced-percent N            that share, in percent of the spread load's accepted rate [70]
              --probes N                   clients measuring visibility during the spread load [4]
              --visibility-poll-interval D pause between a probe's reads [2ms]
              --replay-events N            events in the store when all read models are rebuilt [20000; the
                                           issue asks for 1000000: writing them takes minutes of its own, so
                                           the default keeps the whole run short]
              --replay-while-running       write them with the query service running, not stopped and started
                                           again (quicker for a few events; they are then processed twice)
              --subscribers N              tally stream subscribers [1000]
              --fan-out-rounds N           ballots cast while they listen [5]
              --baseline-connections N     JDBC connections inserting at once [10, the services' pool size]
              --baseline-batch N           rows per transaction in the batched baseline [100]
              --baseline-duration D        length of each JDBC baseline [10s]
            durations: 500ms, 30s, 2m
            """;

    /**
     * Rebuilding the read models runs at 600 to 900 events per second today (BENCHMARKS.md): 1,000,000 events
     * would take 18 to 27 minutes, so the default stays within the ten minutes for the whole run.
     */
    static final int DEFAULT_REPLAY_EVENTS = 20_000;
    private static final List<String> FLAGS = List.of("keep-data", "replay-while-running", "help");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    static Options parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (FLAGS.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, value);
        }
        Reader reader = new Reader(values);
        Path projectDir = Path.of(reader.text("project-dir", ".")).toAbsolutePath().normalize();
        Options options = new Options(
                reader.databaseKind(),
                reader.text("postgres-host", "127.0.0.1"),
                reader.integer("postgres-port", 5432),
                reader.text("postgres-user", "postgres"),
                reader.text("postgres-password", ""),
                reader.text("command-url", null),
                reader.text("query-url", null),
                reader.text("jdbc-url", null),
                reader.text("jdbc-user", null),
                reader.text("jdbc-password", ""),
                projectDir,
                reader.path("command-jar"),
                reader.path("query-jar"),
                reader.path("work-dir"),
                List.of(reader.text("service-jvm-options", "-Xmx1g").trim().split("\\s+")),
                reader.flag("keep-data"),
                reader.positive("member-states", Integer.MAX_VALUE),
                reader.positive("clients", 32),
                reader.positive("consultations", 100),
                reader.duration("warmup", "15s"),
                reader.duration("duration", "60s"),
                reader.duration("hot-duration", "30s"),
                reader.duration("paced-duration", "30s"),
                reader.positive("paced-percent", 70),
                reader.positive("probes", 4),
                reader.duration("visibility-poll-interval", "2ms"),
                reader.positive("replay-events", DEFAULT_REPLAY_EVENTS),
                reader.flag("replay-while-running"),
                reader.positive("subscribers", 1000),
                reader.positive("fan-out-rounds", 5),
                reader.positive("baseline-connections", 10),
                reader.positive("baseline-batch", 100),
                reader.duration("baseline-duration", "10s"));
        reader.rejectUnknown();
        if ((options.commandUrl == null) != (options.queryUrl == null)) {
            throw new IllegalArgumentException("give both --command-url and --query-url, or neither");
        }
        if (options.targetsRunningServices() && options.jdbcUrl == null) {
            throw new IllegalArgumentException("with --command-url and --query-url, give --jdbc-url (and --jdbc-user)"
                    + " too: the replay and the JDBC baseline use the services' database");
        }
        return options;
    }

    static boolean wantsHelp(String... args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /** True when the services run already (given URLs), false when the benchmark starts its own. */
    boolean targetsRunningServices() {
        return commandUrl != null;
    }

    /** The options as given, for the report. */
    List<String> describe(DatabaseKind actualDatabase) {
        List<String> lines = new ArrayList<>();
        lines.add("database " + actualDatabase.name().toLowerCase(Locale.ROOT)
                + (targetsRunningServices() ? " (running services at " + commandUrl + ", " + queryUrl + ")" : ""));
        lines.add((memberStates == Integer.MAX_VALUE ? "" : "member states " + memberStates + ", ")
                + "clients " + clients + ", consultations " + consultations + ", warm-up " + text(warmup)
                + ", duration " + text(duration) + ", hot duration " + text(hotDuration) + ", paced "
                + text(pacedDuration) + " at " + pacedPercent + " %");
        lines.add("probes " + probes + " (poll interval " + text(visibilityPollInterval) + "), replay events "
                + replayEvents + (replayWhileRunning ? " (written while running)" : "") + ", subscribers "
                + subscribers + " x " + fanOutRounds + " rounds");
        lines.add("JDBC baseline: " + baselineConnections + " connections, batches of " + baselineBatch + ", "
                + text(baselineDuration) + " each; service JVM options " + String.join(" ", serviceJvmOptions));
        return lines;
    }

    static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static final class Reader {

        private final Map<String, String> values;

        Reader(Map<String, String> values) {
            this.values = new LinkedHashMap<>(values);
        }

        String text(String name, String fallback) {
            String value = values.remove(name);
            return value == null ? fallback : value;
        }

        Path path(String name) {
            String value = values.remove(name);
            return value == null ? null : Path.of(value).toAbsolutePath().normalize();
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(text(name, "false"));
        }

        int integer(String name, int fallback) {
            String value = values.remove(name);
            try {
                return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " is not a number: " + value);
            }
        }

        int positive(String name, int fallback) {
            int value = integer(name, fallback);
            if (value <= 0) {
                throw new IllegalArgumentException("--" + name + " must be positive, not " + value);
            }
            return value;
        }

        Duration duration(String name, String fallback) {
            String value = text(name, fallback);
            Matcher matcher = DURATION.matcher(value.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("--" + name + " is not a duration (500ms, 30s, 2m): " + value);
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }

        DatabaseKind databaseKind() {
            String value = text("database", "h2").toLowerCase(Locale.ROOT);
            return switch (value) {
                case "h2" -> DatabaseKind.H2;
                case "postgres", "postgresql" -> DatabaseKind.POSTGRES;
                default -> throw new IllegalArgumentException("--database is h2 or postgres, not " + value);
            };
        }

        void rejectUnknown() {
            values.remove("help");
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", values.keySet()));
            }
        }
    }
}
