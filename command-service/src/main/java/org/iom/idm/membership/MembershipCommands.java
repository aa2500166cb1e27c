package org.iom.idm.membership;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public interface MembershipCommands {

    record RegisterMemberState(@TargetAggregateIdentifier String code, String name) {
    }

    record SuspendVotingRights(@TargetAggregateIdentifier String code, String reason) {
    }

    record ReinstateVotingRights(@TargetAggregateIdentifier String code) {
    }
}
