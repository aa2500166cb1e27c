package org.iom.idm.membership;

import org.iom.idm.membership.AccreditationQueries.Accreditation;
import org.iom.idm.membership.AccreditationQueries.FindAccreditations;
import org.iom.idm.membership.MemberStateQueries.FindMemberState;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.web.Queries;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
class MemberStateQueryController {

    private final Queries queries;

    MemberStateQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/member-states", produces = MediaType.APPLICATION_JSON_VALUE)
    List<MemberStateView> memberStates() {
        return queries.list(new FindMemberStates(), MemberStateView.class);
    }

    /** CONTRACT §9: a state's current accreditations, for every signed-in person. */
    @GetMapping(path = "/api/member-states/{code}/accreditations", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Accreditation> accreditations(@PathVariable String code) {
        queries.one(new FindMemberState(code), MemberStateView.class, "no member state '" + code + "'");
        return queries.list(new FindAccreditations(code), Accreditation.class);
    }
}
