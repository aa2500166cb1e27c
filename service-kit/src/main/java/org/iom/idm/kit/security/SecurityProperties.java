package org.iom.idm.kit.security;

import org.iom.idm.actor.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Who may sign in. {@code demo} adds the demo profile's users (CONTRACT §6) with {@code demoPassword};
 * {@code users} lists real ones with encoded passwords (e.g. {@code {bcrypt}$2a$...}).
 */
@ConfigurationProperties("idm.security")
public record SecurityProperties(boolean demo, String demoPassword, List<User> users, Duration credentialCacheTtl,
                                 int credentialCacheSize) {

    public SecurityProperties {
        users = users == null ? List.of() : users;
    }

    public record User(String username, String password, Role role, String memberState) {
    }
}
