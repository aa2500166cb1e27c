package org.iom.idm.ballot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Tally streams (idm.tally-stream.*): a keep-alive every {@code heartbeat}. A change is pushed as soon as this
 * instance's tally projection commits it; a tally another instance keeps is looked at every
 * {@code fallbackInterval} instead, for {@code patience} at most; {@code batchSize} events are taken at once,
 * each watched consultation's tally pushed once per batch.
 */
@ConfigurationProperties("idm.tally-stream")
record TallyStreamProperties(Duration heartbeat, Duration fallbackInterval, Duration patience, int batchSize) {
}
