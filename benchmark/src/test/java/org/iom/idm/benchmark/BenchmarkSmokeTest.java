package org.iom.idm.benchmark;

import org.iom.idm.benchmark.Report.Figure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole benchmark at a tiny size on H2 (CI runs it; the real run is the README's command): every figure is
 * produced, the ratios included. Nothing here judges how fast anything was.
 */
class BenchmarkSmokeTest {

    @Test
    void everyFigureIsProducedAtATinySize() {
        Options options = Options.parse(
                "--database", "h2",
                "--project-dir", System.getProperty("idm.benchmark.project-dir", ".."),
                "--work-dir", System.getProperty("idm.benchmark.work-dir", "target/benchmark-smoke"),
                // Quick to start and small: the services do little here.
                "--service-jvm-options", "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "--member-states", "10",
                "--clients", "2",
                "--consultations", "2",
                "--warmup", "0s",
                "--duration", "2s",
                "--hot-duration", "1s",
                "--paced-duration", "1s",
                "--probes", "1",
                "--replay-events", "1000",
                "--replay-while-running",
                "--subscribers", "3",
                "--fan-out-rounds", "1",
                "--baseline-connections", "2",
                "--baseline-duration", "500ms");

        Report report = Benchmark.run(options);
        String table = report.render();
        System.out.println(table);

        for (Figure figure : Figure.values()) {
            assertThat(report.figures()).as("figure %s in\n%s", figure, table).containsKey(figure);
            assertThat(report.figures().get(figure)).as("figure %s in\n%s", figure, table)
                    .isFinite()
                    .isNotNegative();
            assertThat(table).contains(figure.label);
        }
        for (Figure rate : new Figure[] {Figure.SPREAD_THROUGHPUT, Figure.HOT_THROUGHPUT, Figure.REPLAY_RATE,
                Figure.JDBC_SINGLE, Figure.JDBC_BATCHED, Figure.PACED_RATE, Figure.PROBE_READS,
                Figure.PACED_PROBE_READS}) {
            assertThat(report.figures().get(rate)).as("%s in\n%s", rate, table).isPositive();
        }
    }
}
