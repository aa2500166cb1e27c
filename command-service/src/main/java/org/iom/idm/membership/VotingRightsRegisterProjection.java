package org.iom.idm.membership;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Keeps the command side's register of voting rights. Its processing group is a subscribing processor
 * (application.yml), so the register changes in the same transaction as the events it follows and a
 * ballot is always judged against the rights in force.
 */
@Component
@ProcessingGroup(VotingRightsRegisterProjection.PROCESSING_GROUP)
class VotingRightsRegisterProjection implements VotingRightsRegister {

    static final String PROCESSING_GROUP = "voting-rights-register";

    private final RegisteredMemberStates states;

    VotingRightsRegisterProjection(RegisteredMemberStates states) {
        this.states = states;
    }

    @EventHandler
    void on(MemberStateRegistered event) {
        states.save(new RegisteredMemberState(event.code(), VotingRights.ACTIVE));
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
        states.findById(code).ifPresent(state -> {
            state.changeVotingRights(rights);
            states.save(state);
        });
    }

    @Override
    public Optional<VotingRights> votingRightsOf(String code) {
        return states.findById(code).map(RegisteredMemberState::votingRights);
    }

    @Override
    public int countWithVotingRights() {
        return states.countByVotingRights(VotingRights.ACTIVE);
    }
}
