package org.iom.kit.security;

import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.membership.Capacity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A signed-in user: a role and, for a delegate, the member state it speaks for and in which capacity (CONTRACT §9;
 * both null for a delegate without a current accreditation, who reads only).
 */
public record IdmUser(String username, String passwordHash, Role role, String memberState, Capacity capacity)
        implements UserDetails {

    public IdmUser(String username, String passwordHash, Role role, String memberState) {
        this(username, passwordHash, role, memberState, null);
    }

    /** Whom the user speaks for, as resolved when it signed in for this request; empty without an accreditation. */
    public Optional<Delegations.Delegation> delegation() {
        return memberState == null ? Optional.empty()
                : Optional.of(new Delegations.Delegation(memberState, capacity));
    }

    public Actor actor() {
        return new Actor(username, role, memberState, capacity);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String toString() {
        return "IdmUser[" + username + ", " + role + (memberState == null ? "" : ", " + memberState)
                + (capacity == null ? "" : ", " + capacity) + "]";
    }
}
