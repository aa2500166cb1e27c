package org.iom.kit.security.events;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where this service keeps its security events ({@code table}, made by its own migration) and what bounds their
 * volume: events older than {@code retention} are deleted, and at most {@code refusedTokensPerAddress} refused
 * tokens are recorded per client address within {@code refusedTokensWindow} (tokens are not throttled, so an
 * attacker could otherwise send them without end).
 */
@ConfigurationProperties("idm.security.events")
public record SecurityEventsProperties(String table,
                                       @DefaultValue("90d") Duration retention,
                                       @DefaultValue("20") int refusedTokensPerAddress,
                                       @DefaultValue("15m") Duration refusedTokensWindow) {
}
