package org.iom.idm.membership;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Keeps the command side's register of voting rights. Its processing group is a subscribing processor
 * (application.yml), so the register changes in the same transaction as the events it follows and a
 * ballot is always judged against the rights in force. Plain SQL, as the roster: it is read for every ballot.
 */
@Component
@ProcessingGroup(VotingRightsRegisterProjection.PROCESSING_GROUP)
class VotingRightsRegisterProjection implements VotingRightsRegister {

    static final String PROCESSING_GROUP = "voting-rights-register";

    private final JdbcClient db;

    VotingRightsRegisterProjection(JdbcClient db) {
        this.db = db;
    }

    @EventHandler
    void on(MemberStateRegistered event) {
        db.sql("insert into voting_rights_register (code, voting_rights) values (?, ?)")
                .params(event.code(), VotingRights.ACTIVE.name())
                .update();
    }

    @EventHandler
    void on(VotingRightsSuspended event) {
        changeVotingRights(event.code(), VotingRights.SUSPENDED);
    }

    @EventHandler
    void on(VotingRightsReinstated event) {
        changeVotingRights(event.code(), VotingRights.ACTIVE);
    }

    private void changeVotingRights(String code, VotingRights rights) {
        db.sql("update voting_rights_register set voting_rights = ? where code = ?").params(rights.name(), code)
                .update();
    }

    @Override
    public Optional<VotingRights> votingRightsOf(String code) {
        return db.sql("select voting_rights from voting_rights_register where code = ?")
                .param(code)
                .query((row, number) -> VotingRights.valueOf(row.getString(1)))
                .optional();
    }

    @Override
    public int countWithVotingRights() {
        return db.sql("select count(*) from voting_rights_register where voting_rights = ?")
                .param(VotingRights.ACTIVE.name())
                .query(Integer.class)
                .single();
    }
}
