package org.iom.kit.security;

import org.iom.idm.actor.Role;
import org.iom.idm.membership.Capacity;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokensTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";

    private final UserDirectory users = new UserDirectory(new SecurityProperties(false, null,
            List.of(new SecurityProperties.User("delegate-phl", "{noop}x", Role.DELEGATE)),
            Duration.ofMinutes(1), 10, SECRET, Duration.ofHours(1), Duration.ofMinutes(1)),
            PasswordEncoderFactories.createDelegatingPasswordEncoder(),
            username -> Optional.of(new Delegations.Delegation("PHL", Capacity.HEAD)));

    @Test
    void aTokenItIssuedNamesTheUserWithTheRoleFromTheDirectoryAndTheStateFromTheRoster() {
        AccessTokens tokens = new AccessTokens(SECRET, users);
        String token = tokens.issue(users.loadUserByUsername("delegate-phl"), Duration.ofMinutes(1));

        IdmUser user = (IdmUser) tokens.authenticate(token).getPrincipal();

        assertThat(user.username()).isEqualTo("delegate-phl");
        assertThat(user.role()).isEqualTo(Role.DELEGATE);
        assertThat(user.memberState()).isEqualTo("PHL");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String foreign = new AccessTokens(SECRET.replace('a', 'b'), users)
                .issue(users.loadUserByUsername("delegate-phl"), Duration.ofMinutes(1));

        assertThatThrownBy(() -> new AccessTokens(SECRET, users).authenticate(foreign))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        String expired = new AccessTokens(SECRET, users, anHourAgo)
                .issue(users.loadUserByUsername("delegate-phl"), Duration.ofMinutes(5));

        assertThatThrownBy(() -> new AccessTokens(SECRET, users).authenticate(expired))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void aShortSecretIsRefusedAtStartup() {
        assertThatThrownBy(() -> new AccessTokens("short", users)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IDM_TOKEN_SECRET");
    }
}
