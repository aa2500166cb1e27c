package org.iom.kit.security;

import org.iom.idm.actor.Role;
import org.iom.idm.membership.Capacity;
import org.iom.kit.security.Delegations.Delegation;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §9: whom a delegate speaks for comes from the accreditation roster, on every request: not from the
 * configuration, and not from what a cached sign-in or an issued token saw before a withdrawal.
 */
class WhomADelegateSpeaksForTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private final Map<String, Delegation> roster = new HashMap<>();
    private final UserDirectory users = new UserDirectory(new SecurityProperties(true, "demo",
            List.of(new SecurityProperties.User("configured-delegate", "{noop}x", Role.DELEGATE)),
            Duration.ofMinutes(10), 10, SECRET, Duration.ofHours(1), Duration.ofMinutes(1)),
            ENCODER, username -> Optional.ofNullable(roster.get(username)));

    @Test
    void aDelegateSpeaksForTheStateAndInTheCapacityTheRosterNames() {
        roster.put("alternate-phl", new Delegation("PHL", Capacity.ALTERNATE));

        IdmUser alternate = users.loadUserByUsername("alternate-phl");

        assertThat(alternate.role()).isEqualTo(Role.DELEGATE);
        assertThat(alternate.memberState()).isEqualTo("PHL");
        assertThat(alternate.capacity()).isEqualTo(Capacity.ALTERNATE);
    }

    @Test
    void aDelegateWithoutACurrentAccreditationSpeaksForNoState() {
        for (String delegate : List.of("delegate-phl", "configured-delegate")) {
            IdmUser user = users.loadUserByUsername(delegate);

            assertThat(user.role()).isEqualTo(Role.DELEGATE);
            assertThat(user.memberState()).as(delegate).isNull();
            assertThat(user.capacity()).as(delegate).isNull();
        }
    }

    @Test
    void aTokenIssuedBeforeAWithdrawalNamesNoStateAfterIt() {
        AccessTokens tokens = new AccessTokens(SECRET, users);
        roster.put("delegate-phl", new Delegation("PHL", Capacity.HEAD));
        String token = tokens.issue(users.loadUserByUsername("delegate-phl"), Duration.ofMinutes(5));
        assertThat(principal(tokens.authenticate(token)).memberState()).isEqualTo("PHL");

        roster.remove("delegate-phl");

        assertThat(principal(tokens.authenticate(token)).memberState()).isNull();
    }

    @Test
    void aRememberedPasswordSignsInAsTheRosterNowSays() {
        AtomicInteger passwordChecks = new AtomicInteger();
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(ENCODER);
        AuthenticationProvider counted = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                passwordChecks.incrementAndGet();
                return passwords.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return passwords.supports(authentication);
            }
        };
        CachingAuthenticationProvider signIn = new CachingAuthenticationProvider(counted, users,
                Duration.ofMinutes(10), 10);
        roster.put("delegate-phl", new Delegation("PHL", Capacity.HEAD));
        assertThat(principal(signIn.authenticate(basic())).capacity()).isEqualTo(Capacity.HEAD);

        roster.put("delegate-phl", new Delegation("PHL", Capacity.ADVISER));
        assertThat(principal(signIn.authenticate(basic())).capacity()).isEqualTo(Capacity.ADVISER);
        roster.remove("delegate-phl");
        IdmUser withdrawn = principal(signIn.authenticate(basic()));

        assertThat(withdrawn.memberState()).isNull();
        assertThat(withdrawn.capacity()).isNull();
        assertThat(passwordChecks).as("password checks; the others were remembered").hasValue(1);
    }

    private static UsernamePasswordAuthenticationToken basic() {
        return UsernamePasswordAuthenticationToken.unauthenticated("delegate-phl", "demo");
    }

    private static IdmUser principal(Authentication authentication) {
        assertThat(authentication.isAuthenticated()).isTrue();
        return (IdmUser) authentication.getPrincipal();
    }
}
