package org.iom.idm.membership;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.iom.idm.membership.MemberStateQueries.FindMemberState;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.readmodel.ReadModels;
import org.iom.idm.readmodel.Rows;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The member states, their voting rights and, while suspended, why and since when. */
@Component
@ProcessingGroup(ReadModels.PROCESSING_GROUP)
class MemberStateProjection {

    private static final String SELECT_STATES =
            "select code, name, voting_rights, suspension_reason, suspended_at from member_state_view";
    private static final RowMapper<MemberStateView> STATE = (rs, row) -> new MemberStateView(rs.getString("code"),
            rs.getString("name"), VotingRights.valueOf(rs.getString("voting_rights")),
            rs.getString("suspension_reason"), Rows.instant(rs, "suspended_at"));

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

    /** The event's own timestamp, not the time of projection, so that a replay writes the same date. */
    @EventHandler
    void on(VotingRightsSuspended event, @Timestamp Instant at) {
        setVotingRights(event.code(), VotingRights.SUSPENDED, event.reason(), at);
    }

    @EventHandler
    void on(VotingRightsReinstated event) {
        setVotingRights(event.code(), VotingRights.ACTIVE, null, null);
    }

    @ResetHandler
    void reset() {
        db.sql("delete from member_state_view").update();
    }

    @QueryHandler
    List<MemberStateView> handle(FindMemberStates query) {
        return db.sql(SELECT_STATES + " order by code").query(STATE).list();
    }

    @QueryHandler
    Optional<MemberStateView> handle(FindMemberState query) {
        return db.sql(SELECT_STATES + " where code = ?").param(query.code()).query(STATE).optional();
    }

    private void setVotingRights(String code, VotingRights rights, String suspensionReason, Instant suspendedAt) {
        db.sql("update member_state_view set voting_rights = ?, suspension_reason = ?, suspended_at = ? where code = ?")
                .params(rights.name(), suspensionReason, Rows.utc(suspendedAt), code)
                .update();
    }
}
