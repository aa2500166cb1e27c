package org.iom.idm.ballot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Tally streams (idm.tally-stream.*): a keep-alive every {@code heartbeat}; an instance looks for the shared tally
 * to include a change first after {@code pollInterval}, then twice as long each time up to {@code maxPollInterval},
 * for {@code patience} at most; {@code batchSize} events are taken at once, each consultation's tally pushed once
 * per batch.
 */
@ConfigurationProperties("idm.tally-stream")
record TallyStreamProperties(Duration heartbeat, Duration pollInterval, Duration maxPollInterval, Duration patience,
                             int batchSize) {
}
