package org.iom.kit.security;

import org.iom.idm.actor.Role;
import org.iom.kit.demo.DemoMemberStates;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The users configured for this deployment; refuses to exist without any (no default passwords). */
public class UserDirectory implements UserDetailsService {

    private final Map<String, IdmUser> users = new HashMap<>();

    public UserDirectory(SecurityProperties properties, PasswordEncoder encoder) {
        if (properties.demo()) {
            if (properties.demoPassword() == null || properties.demoPassword().isBlank()) {
                throw new IllegalStateException("idm.security.demo-password must be set in the demo profile");
            }
            String hash = encoder.encode(properties.demoPassword());
            add(new IdmUser("secretariat", hash, Role.SECRETARIAT, null));
            add(new IdmUser("chair", hash, Role.CHAIR, null));
            add(new IdmUser("observer", hash, Role.OBSERVER, null));
            add(new IdmUser("metrics", hash, Role.METRICS, null));
            DemoMemberStates.all().forEach(state -> add(new IdmUser(
                    "delegate-" + state.code().toLowerCase(Locale.ROOT), hash, Role.DELEGATE, state.code())));
        }
        properties.users().forEach(user -> add(new IdmUser(user.username(), user.password(), user.role(),
                user.memberState())));
        if (users.isEmpty()) {
            throw new IllegalStateException("No users configured: set idm.security.users, or run with the demo "
                    + "profile (SPRING_PROFILES_ACTIVE=demo) for its demo users");
        }
    }

    private void add(IdmUser user) {
        if (user.role() == Role.DELEGATE && user.memberState() == null) {
            throw new IllegalStateException("delegate " + user.username() + " needs a member state");
        }
        users.put(user.username(), user);
    }

    @Override
    public IdmUser loadUserByUsername(String username) {
        IdmUser user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no user " + username);
        }
        return user;
    }
}
