package org.iom.idm.membership;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/** The member states and their voting rights. */
@Component
@ProcessingGroup(MemberStateProjection.PROCESSING_GROUP)
class MemberStateProjection {

    static final String PROCESSING_GROUP = "member-states";

    private final JdbcClient db;

    MemberStateProjection(JdbcClient db) {
        this.db = db;
    }

    @EventHandler
    void on(MemberStateRegistered event) {
        db.sql("insert into member_state_view (code, name, voting_rights) values (?, ?, ?)")
                .params(event.code(), event.name(), VotingRights.ACTIVE.name())
                .update();
    }

    @EventHandler
    void on(VotingRightsSuspended event) {
        setVotingRights(event.code(), VotingRights.SUSPENDED);
    }

    @EventHandler
    void on(VotingRightsReinstated event) {
        setVotingRights(event.code(), VotingRights.ACTIVE);
    }

    @ResetHandler
    void reset() {
        db.sql("delete from member_state_view").update();
    }

    @QueryHandler
    List<MemberStateView> handle(FindMemberStates query) {
        return db.sql("select code, name, voting_rights from member_state_view order by code")
                .query((rs, row) -> new MemberStateView(rs.getString("code"), rs.getString("name"),
                        VotingRights.valueOf(rs.getString("voting_rights"))))
                .list();
    }

    private void setVotingRights(String code, VotingRights rights) {
        db.sql("update member_state_view set voting_rights = ? where code = ?").params(rights.name(), code).update();
    }
}
