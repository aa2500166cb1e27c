package org.iom.idm.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Retries of a command that lost a race to append to the same stream (idm.commands.*): up to
 * {@code conflictRetries}, with jittered pauses doubling from {@code conflictBackoff}.
 */
@ConfigurationProperties("idm.commands")
record ConflictRetryProperties(int conflictRetries, Duration conflictBackoff) {
}
