package org.iom.idm.architecture.broken.domain;

import org.springframework.web.server.ResponseStatusException;

/** A rule of the aggregate's own package, unannotated, that refuses with a web exception. */
class BallotRules {

    boolean allows(String ballot) {
        if (ballot.isBlank()) {
            throw new ResponseStatusException(org.springframework.http.HttpStatusCode.valueOf(409));
        }
        return true;
    }
}
