package org.iom.idm.ui;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Set;

/**
 * After a forwarded write (idm.web-ui.read-your-writes.*): how long at most to wait, looking every
 * {@code pollInterval}, for the read models of these processing {@code groups} to include it.
 */
@ConfigurationProperties("idm.web-ui.read-your-writes")
record ReadYourWritesProperties(Set<String> groups, Duration patience, Duration pollInterval) {
}
