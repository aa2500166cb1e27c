package org.iom.kit.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Session tokens as this service would have issued them some time ago, e.g. to show what an expired one does. */
public final class EarlierTokens {

    private EarlierTokens() {
    }

    public static String issued(Duration ago, Duration ttl, AccessTokens tokens, UserDirectory users,
                                String username) {
        Clock then = Clock.fixed(Instant.now().minus(ago), ZoneOffset.UTC);
        return tokens.at(then).issue(users.loadUserByUsername(username), ttl);
    }
}
