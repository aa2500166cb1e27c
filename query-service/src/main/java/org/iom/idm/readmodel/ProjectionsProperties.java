package org.iom.idm.readmodel;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How the read models follow the event store (idm.projections.*): {@code fetchDelay} between polls of the
 * database's store (not with Axon Server); a processor behind the store and no further along than
 * {@code stallAfter} ago is stalled, and the service not ready; a rebuild waits at most {@code rebuildStopTimeout}
 * for the processors' workers to finish their batches before it is refused, and reads the event store
 * {@code rebuildPageSize} events at a time, each page one batch of the read models' writes.
 */
@ConfigurationProperties("idm.projections")
public record ProjectionsProperties(Duration fetchDelay, Duration stallAfter, Duration rebuildStopTimeout,
                                   int rebuildPageSize) {
}
