package org.iom.kit.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * No meter computes percentiles in the service: Axon's timers ask for six on each of four timers per message and
 * component, kept in rotating histograms that every message updates. The timers keep their count, sum and maximum
 * (rates and averages); where quantiles are wanted, Prometheus computes them from histogram buckets, which
 * {@code management.metrics.distribution.percentiles-histogram.<meter>} turns on per meter.
 */
@Configuration
public class MetricsConfiguration {

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
