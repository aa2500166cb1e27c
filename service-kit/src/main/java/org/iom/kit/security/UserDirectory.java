package org.iom.kit.security;

import org.iom.idm.actor.Role;
import org.iom.kit.demo.DemoMemberStates;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.HashMap;
import java.util.Map;

/**
 * The users configured for this deployment; refuses to exist without any (no default passwords). Whom a delegate
 * speaks for, and in which capacity, is asked of {@link Delegations} at every lookup, so a withdrawn accreditation
 * counts from the next request on (CONTRACT §9).
 */
public class UserDirectory implements UserDetailsService {

    private final Map<String, IdmUser> users = new HashMap<>();
    private final Delegations delegations;

    public UserDirectory(SecurityProperties properties, PasswordEncoder encoder, Delegations delegations) {
        this.delegations = delegations;
        if (properties.demo()) {
            if (properties.demoPassword() == null || properties.demoPassword().isBlank()) {
                throw new IllegalStateException("idm.security.demo-password must be set in the demo profile");
            }
            String hash = encoder.encode(properties.demoPassword());
            add("secretariat", hash, Role.SECRETARIAT);
            add("chair", hash, Role.CHAIR);
            add("observer", hash, Role.OBSERVER);
            add("metrics", hash, Role.METRICS);
            DemoMemberStates.all().forEach(state -> {
                add(state.delegate(), hash, Role.DELEGATE);
                add(state.alternate(), hash, Role.DELEGATE);
            });
        }
        properties.users().forEach(user -> add(user.username(), user.password(), user.role()));
        if (users.isEmpty()) {
            throw new IllegalStateException("No users configured: set idm.security.users, or run with the demo "
                    + "profile (SPRING_PROFILES_ACTIVE=demo) for its demo users");
        }
    }

    private void add(String username, String passwordHash, Role role) {
        users.put(username, new IdmUser(username, passwordHash, role, null));
    }

    /** A delegate without a current accreditation has no member state and reads only. */
    @Override
    public IdmUser loadUserByUsername(String username) {
        IdmUser user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no user " + username);
        }
        if (user.role() != Role.DELEGATE) {
            return user;
        }
        return delegations.of(username)
                .map(delegation -> new IdmUser(username, user.passwordHash(), Role.DELEGATE,
                        delegation.memberState(), delegation.capacity()))
                .orElse(user);
    }
}
