package org.iom.kit.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's meters are built once per component and payload type ({@link CachedMetricRegistry}), not per message.
 * <p>
 * No meter computes percentiles in the service: Axon's own timers (its monitors when the metrics are not dimensional)
 * ask for six on each of four timers per message and component, kept in rotating histograms that every message
 * updates. The timers keep their count, sum and maximum (rates and averages); where quantiles are wanted, Prometheus
 * computes them from histogram buckets, which {@code management.metrics.distribution.percentiles-histogram.<meter>}
 * turns on per meter.
 */
@Configuration
public class MetricsConfiguration {

    /** Takes the place of the registry Axon's auto-configuration would build (the kit comes before it). */
    @Bean
    CachedMetricRegistry cachedMetricRegistry(MeterRegistry registry) {
        return new CachedMetricRegistry(registry);
    }

    @Bean
    MeterFilter noClientSidePercentiles() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return DistributionStatisticConfig.builder().percentiles().build().merge(config);
            }
        };
    }
}
