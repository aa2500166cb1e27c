package org.iom.kit.security.events;

import java.time.Instant;

/**
 * A refused sign-in or token: when, what, the user name given (if any: as typed, or as an invalid token claims
 * it), the client's address, and why. Not a domain event: each service keeps its own, outside the event store.
 */
public record SecurityEvent(long id, Instant at, SecurityEventKind kind, String username, String address,
                            String detail) {
}
