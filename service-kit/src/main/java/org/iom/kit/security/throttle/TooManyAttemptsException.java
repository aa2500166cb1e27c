package org.iom.kit.security.throttle;

import org.springframework.security.core.AuthenticationException;

import java.time.Duration;

/** A sign-in refused, whatever its password, because of too many failed ones (answered 429 with Retry-After). */
public class TooManyAttemptsException extends AuthenticationException {

    private final long retryAfterSeconds;

    public TooManyAttemptsException(Duration retryAfter) {
        super("too many failed sign-ins for this user name or from this address");
        // Whole seconds, rounded up: a client that waits this long is let in.
        long millis = Math.max(retryAfter.toMillis(), 1);
        this.retryAfterSeconds = (millis + 999) / 1000;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
