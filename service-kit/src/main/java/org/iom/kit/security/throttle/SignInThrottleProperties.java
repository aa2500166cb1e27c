package org.iom.kit.security.throttle;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How many failed sign-ins within {@code window} one user name ({@code failuresPerUser}) or one client address
 * ({@code failuresPerAddress}) may have before further sign-ins are refused until the oldest of them is older than
 * the window (CONTRACT §9). {@code keysKept} bounds the memory: user names and addresses with recent failures.
 */
@ConfigurationProperties("idm.security.sign-in-throttle")
public record SignInThrottleProperties(@DefaultValue("5") int failuresPerUser,
                                       @DefaultValue("20") int failuresPerAddress,
                                       @DefaultValue("15m") Duration window,
                                       @DefaultValue("100000") int keysKept) {

    public SignInThrottleProperties {
        if (failuresPerUser < 1 || failuresPerAddress < 1 || window.isNegative() || window.isZero() || keysKept < 1) {
            throw new IllegalStateException("idm.security.sign-in-throttle needs failures-per-user, "
                    + "failures-per-address and keys-kept of at least 1 and a positive window");
        }
    }
}
