package org.iom.idm.membership;

import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.web.Queries;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
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
}
