package org.iom.idm.web;

import org.iom.idm.actor.Role;
import org.iom.kit.security.IdmUser;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is signed in as: what a client needs to show the right actions for its role. */
@RestController
class SignedInUserController {

    record SignedInUser(String username, Role role, String memberState) {
    }

    @GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
    SignedInUser me(@AuthenticationPrincipal IdmUser user) {
        return new SignedInUser(user.username(), user.role(), user.memberState());
    }
}
