package org.iom.idm.schedule;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The persistent scheduler under the deadlines (idm.deadlines.*): how often each instance looks for due deadlines,
 * how often it says it is still running a deadline (one whose instance stopped saying so is run again elsewhere),
 * and how long a stop waits for running deadlines.
 */
@ConfigurationProperties("idm.deadlines")
record DeadlineProperties(Duration pollingInterval, Duration heartbeatInterval, Duration shutdownWait) {
}
