package org.iom.kit.security;

import org.iom.idm.actor.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Who may sign in. {@code demo} adds the demo profile's users (CONTRACT §6) with {@code demoPassword};
 * {@code users} lists real ones with encoded passwords (e.g. {@code {bcrypt}$2a$...}). {@code tokenSecret} signs
 * the access tokens both services accept (the web UI's session, and writes it forwards); {@code sessionTtl} is
 * how long a web UI sign-in lasts, {@code forwardTtl} how long a token forwarded with one write is valid.
 */
@ConfigurationProperties("idm.security")
public record SecurityProperties(boolean demo, String demoPassword, List<User> users, Duration credentialCacheTtl,
                                 int credentialCacheSize, String tokenSecret, Duration sessionTtl,
                                 Duration forwardTtl) {

    public SecurityProperties {
        users = users == null ? List.of() : users;
    }

    /** Whom a delegate speaks for is not configured here: it comes from the accreditation roster (CONTRACT §9). */
    public record User(String username, String password, Role role) {
    }
}
