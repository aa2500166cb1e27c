package org.iom.kit.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsConfigurationTest {

    @Test
    void aTimerComputesNoPercentilesInTheServiceWhateverItAsksFor() {
        SimpleMeterRegistry filtered = new SimpleMeterRegistry();
        filtered.config().meterFilter(new MetricsConfiguration().noClientSidePercentiles());
        SimpleMeterRegistry plain = new SimpleMeterRegistry();

        for (SimpleMeterRegistry registry : new SimpleMeterRegistry[] {filtered, plain}) {
            // As Axon's message timers are built.
            Timer.builder("commandBus.timer").publishPercentiles(0.5, 0.75, 0.95, 0.98, 0.99, 0.999)
                    .register(registry).record(Duration.ofMillis(3));
        }

        assertThat(filtered.get("commandBus.timer").timer().takeSnapshot().percentileValues()).isEmpty();
        assertThat(filtered.get("commandBus.timer").timer().count()).isEqualTo(1);
        assertThat(plain.get("commandBus.timer").timer().takeSnapshot().percentileValues()).hasSize(6);
    }
}
