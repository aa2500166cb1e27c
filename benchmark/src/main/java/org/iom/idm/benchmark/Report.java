package org.iom.idm.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/** The figures of one run, their targets, and what they were measured on, as one table. */
final class Report {

    /** Issue 16's targets, for two cores and PostgreSQL. */
    private static final double SPREAD_TARGET_PER_SECOND = 800;
    private static final double HOT_TO_SPREAD_TARGET = 0.9;
    private static final double COMMAND_CPU_TARGET_MILLIS = 1.5;
    private static final double VISIBILITY_P99_TARGET_MILLIS = 250;
    private static final double REPLAY_TARGET_PER_SECOND = 20_000;
    private static final double FAN_OUT_P99_TARGET_MILLIS = 200;

    record Target(String text, DoublePredicate met) {

        static Target atLeast(double value, String unit) {
            return new Target(">= " + number(value) + " " + unit, measured -> measured >= value);
        }

        static Target atMost(double value, String unit) {
            return new Target("<= " + number(value) + " " + unit, measured -> measured <= value);
        }

        static Target below(double value, String unit) {
            return new Target("< " + number(value) + " " + unit, measured -> measured < value);
        }
    }

    enum Figure {
        SPREAD_THROUGHPUT("1  accepted ballots/s, many consultations", "/s",
                Target.atLeast(SPREAD_TARGET_PER_SECOND, "/s")),
        HOT_THROUGHPUT("1  accepted ballots/s, one hot consultation", "/s", null),
        HOT_TO_SPREAD("1  ratio: hot consultation / many consultations", "",
                Target.atLeast(HOT_TO_SPREAD_TARGET, "")),
        COMMAND_CPU_SPREAD("1  command service CPU per ballot, many", "ms",
                Target.atMost(COMMAND_CPU_TARGET_MILLIS, "ms")),
        COMMAND_CPU_HOT("1  command service CPU per ballot, hot", "ms",
                Target.atMost(COMMAND_CPU_TARGET_MILLIS, "ms")),
        VISIBILITY_P50("2  ack -> visible, saturated, p50", "ms", null),
        VISIBILITY_P95("2  ack -> visible, saturated, p95", "ms", null),
        VISIBILITY_P99("2  ack -> visible, saturated, p99", "ms", null),
        PROBE_READS("2  probe reads/s sent, saturated", "/s", null),
        PACED_RATE("2  paced load: accepted ballots/s", "/s", null),
        PACED_VISIBILITY_P50("2  ack -> visible, paced, p50", "ms", null),
        PACED_VISIBILITY_P99("2  ack -> visible, paced, p99", "ms",
                Target.below(VISIBILITY_P99_TARGET_MILLIS, "ms")),
        PACED_PROBE_READS("2  probe reads/s sent, paced", "/s", null),
        REPLAY_RATE("3  replay: events/s rebuilding all read models", "/s",
                Target.atLeast(REPLAY_TARGET_PER_SECOND, "/s")),
        FAN_OUT_P50("4  tally stream fan-out, p50", "ms", null),
        FAN_OUT_P99("4  tally stream fan-out, p99", "ms", Target.below(FAN_OUT_P99_TARGET_MILLIS, "ms")),
        FAN_OUT_MAX("4  tally stream fan-out, max", "ms", null),
        JDBC_SINGLE("5  JDBC inserts/s, one row per transaction", "/s", null),
        JDBC_BATCHED("5  JDBC inserts/s, batched", "/s", null),
        RATIO_SPREAD_SINGLE("5  ratio: many consultations / JDBC one per tx", "", null),
        RATIO_SPREAD_BATCHED("5  ratio: many consultations / JDBC batched", "", null),
        RATIO_HOT_SINGLE("5  ratio: hot consultation / JDBC one per tx", "", null),
        RATIO_HOT_BATCHED("5  ratio: hot consultation / JDBC batched", "", null);

        final String label;
        final String unit;
        final Target target;

        Figure(String label, String unit, Target target) {
            this.label = label;
            this.unit = unit;
            this.target = target;
        }
    }

    private final String title;
    private final Map<Figure, Double> figures = new EnumMap<>(Figure.class);
    private final List<String> details = new ArrayList<>();
    private final List<String> machine = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    void put(Figure figure, double value) {
        figures.put(figure, value);
    }

    void detail(String line) {
        details.add(line);
    }

    void machine(List<String> lines) {
        machine.addAll(lines);
    }

    Map<Figure, Double> figures() {
        return Collections.unmodifiableMap(figures);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("\n== ").append(title).append(" ==\n\n");
        String format = "%-52s %14s   %-12s %s%n";
        out.append(String.format(Locale.ROOT, format, "figure", "value", "target", "met"));
        out.append(String.format(Locale.ROOT, format, "-".repeat(52), "-".repeat(14), "-".repeat(12), "---"));
        for (Figure figure : Figure.values()) {
            Double value = figures.get(figure);
            String shown = value == null ? "not measured" : (number(value) + " " + figure.unit).trim();
            String target = figure.target == null ? "" : figure.target.text();
            String met = figure.target == null || value == null ? "" : figure.target.met().test(value) ? "yes" : "NO";
            out.append(String.format(Locale.ROOT, format, figure.label, shown, target, met));
        }
        out.append("\n(targets: 2 cores with PostgreSQL)\n\ndetails:\n");
        details.forEach(line -> out.append("  ").append(line).append('\n'));
        out.append("\nmachine:\n");
        machine.forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
