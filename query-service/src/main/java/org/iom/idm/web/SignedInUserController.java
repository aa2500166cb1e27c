package org.iom.idm.web;

import org.iom.idm.actor.Role;
import org.iom.idm.membership.Capacity;
import org.iom.kit.security.Delegations.Delegation;
import org.iom.kit.security.IdmUser;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/** Who the caller is signed in as: what a client needs to show the right actions for its role. */
@RestController
class SignedInUserController {

    record SignedInUser(String username, Role role, String memberState, Capacity capacity) {
    }

    /** A delegate speaks for the state and in the capacity of its current accreditation, if any (CONTRACT §9). */
    @GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
    SignedInUser me(@AuthenticationPrincipal IdmUser user) {
        Optional<Delegation> delegation = user.delegation();
        return new SignedInUser(user.username(), user.role(), delegation.map(Delegation::memberState).orElse(null),
                delegation.map(Delegation::capacity).orElse(null));
    }
}
