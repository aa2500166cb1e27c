package org.iom.idm.membership;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.iom.idm.store.CommitsAlone;

/** Voting rights change how ballots are judged: these commands are never judged in a group ({@link CommitsAlone}). */
public interface MembershipCommands {

    record RegisterMemberState(@TargetAggregateIdentifier String code, String name) implements CommitsAlone {
    }

    record SuspendVotingRights(@TargetAggregateIdentifier String code, String reason) implements CommitsAlone {
    }

    record ReinstateVotingRights(@TargetAggregateIdentifier String code) implements CommitsAlone {
    }
}
