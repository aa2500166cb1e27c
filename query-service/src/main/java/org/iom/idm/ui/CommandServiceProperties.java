package org.iom.idm.ui;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/** Where the web UI's writes are forwarded (idm.command-service.*), and how long they may take at most. */
@ConfigurationProperties("idm.command-service")
record CommandServiceProperties(URI url, Duration timeout) {
}
