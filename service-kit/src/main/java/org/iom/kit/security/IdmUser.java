package org.iom.kit.security;

import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.List;

/** A signed-in user: a role and, for a delegate, the member state it speaks for. */
public record IdmUser(String username, String passwordHash, Role role, String memberState) implements UserDetails {

    public Actor actor() {
        return new Actor(username, role, memberState);
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
        return "IdmUser[" + username + ", " + role + (memberState == null ? "" : ", " + memberState) + "]";
    }
}
