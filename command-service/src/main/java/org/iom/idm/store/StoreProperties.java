package org.iom.idm.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The database under the event store (idm.store.*): a statement waits at most {@code lockWait} for a lock that
 * another transaction holds, the append lock included ({@link AppendsInCommitOrder}); then it fails, and a request
 * with it (503 STORE_UNAVAILABLE). On PostgreSQL it is the connections' lock_timeout (application.yml).
 */
@ConfigurationProperties("idm.store")
record StoreProperties(Duration lockWait) {
}
