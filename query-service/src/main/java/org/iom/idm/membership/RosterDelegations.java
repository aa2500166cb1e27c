package org.iom.idm.membership;

import org.iom.idm.membership.AccreditationQueries.FindAccreditationOf;
import org.iom.idm.membership.AccreditationQueries.RosterEntry;
import org.iom.idm.web.Queries;
import org.iom.kit.security.Delegations;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Whom a person speaks for, as this service's roster knows it (CONTRACT §9): as current as the member states' read
 * model, so a withdrawal counts here once that has taken it in.
 */
@Component
class RosterDelegations implements Delegations {

    private final Queries queries;

    RosterDelegations(Queries queries) {
        this.queries = queries;
    }

    @Override
    public Optional<Delegation> of(String username) {
        return queries.optional(new FindAccreditationOf(username), RosterEntry.class)
                .map(entry -> new Delegation(entry.memberState(), entry.capacity()));
    }
}
