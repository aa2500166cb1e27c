package org.iom.idm.kit.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Session tokens as this service would have issued them some time ago, e.g. to show what an expired one does. */
public final class EarlierTokens {

    private EarlierTokens() {
    }

    public static String issued(Duration ago, Duration ttl, SecurityProperties properties, UserDirectory users,
                                String username) {
        Clock then = Clock.fixed(Instant.now().minus(ago), ZoneOffset.UTC);
        return new AccessTokens(properties.tokenSecret(), users, then).issue(users.loadUserByUsername(username), ttl);
    }
}
