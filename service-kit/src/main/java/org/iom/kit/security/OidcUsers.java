package org.iom.kit.security;

import org.iom.idm.actor.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The signed-in user of profile {@code oidc} (CONTRACT §9), as the same {@link IdmUser} that passwords make: the
 * staff role from the issuer's roles claim (the first of {@link #STAFF} that it lists), else a delegate, whose
 * member state and capacity come from the roster ({@link Delegations}) at every request, so a withdrawal counts at
 * once. A service without a roster yet treats every delegate as not accredited (reads only).
 */
public class OidcUsers {

    /** The roles the issuer may grant, in the order that decides between several. */
    static final List<Role> STAFF = List.of(Role.SECRETARIAT, Role.CHAIR, Role.OBSERVER, Role.METRICS);

    private final String usernameClaim;
    private final List<String> rolesPath;
    private final ObjectProvider<Delegations> delegations;

    public OidcUsers(OidcProperties properties, ObjectProvider<Delegations> delegations) {
        this.usernameClaim = properties.usernameClaim();
        this.rolesPath = List.of(properties.rolesClaim().split("\\."));
        this.delegations = delegations;
    }

    /** The person the issuer's claims (an access token's, or the web UI's ID token and user info) name. */
    public IdmUser fromIssuer(Map<String, Object> claims) {
        Object username = claims.get(usernameClaim);
        if (!(username instanceof String name) || name.isBlank()) {
            throw new InvalidBearerTokenException("the token has no " + usernameClaim + " claim");
        }
        List<String> granted = roles(claims);
        Role role = STAFF.stream().filter(staff -> granted.stream().anyMatch(staff.name()::equalsIgnoreCase))
                .findFirst().orElse(Role.DELEGATE);
        return user(name, role);
    }

    /** The user one of our own access tokens names, with the role it signed in with. */
    public IdmUser fromSession(Jwt token) {
        String claim = token.getClaimAsString(AccessTokens.ROLE_CLAIM);
        Role role = Stream.concat(STAFF.stream(), Stream.of(Role.DELEGATE)).filter(known -> known.name().equals(claim))
                .findFirst().orElseThrow(() -> new InvalidBearerTokenException("the token names no role"));
        return user(token.getSubject(), role);
    }

    private IdmUser user(String username, Role role) {
        if (role != Role.DELEGATE) {
            return new IdmUser(username, null, role, null);
        }
        Optional<Delegations.Delegation> delegation = Optional.ofNullable(delegations.getIfAvailable())
                .flatMap(roster -> roster.of(username));
        return new IdmUser(username, null, role, delegation.map(Delegations.Delegation::memberState).orElse(null),
                delegation.map(Delegations.Delegation::capacity).orElse(null));
    }

    /** The values at the roles claim's path: a list, or one space-separated string. */
    private List<String> roles(Map<String, Object> claims) {
        Object value = claims;
        for (String step : rolesPath) {
            value = value instanceof Map<?, ?> map ? map.get(step) : null;
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return value instanceof String text ? List.of(text.trim().split("\\s+")) : List.of();
    }
}
