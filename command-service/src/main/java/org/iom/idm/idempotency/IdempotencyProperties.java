package org.iom.idm.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Idempotency keys (idm.idempotency.*): a key is honoured for {@code keptFor} after its request was accepted, and
 * the keys older than that are deleted every {@code pruneEvery}.
 */
@ConfigurationProperties("idm.idempotency")
record IdempotencyProperties(Duration keptFor, Duration pruneEvery) {
}
