package org.iom.idm.membership;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.iom.idm.store.CommitsAlone;

/**
 * Voting rights and accreditations change how ballots and other delegate commands are judged: these commands are never
 * judged in a group ({@link CommitsAlone}).
 */
public interface MembershipCommands {

    record RegisterMemberState(@TargetAggregateIdentifier String code, String name) implements CommitsAlone {
    }

    record SuspendVotingRights(@TargetAggregateIdentifier String code, String reason) implements CommitsAlone {
    }

    record ReinstateVotingRights(@TargetAggregateIdentifier String code) implements CommitsAlone {
    }

    /** CONTRACT §9: {@code user} is to speak for the state {@code code} in {@code capacity}. */
    record AccreditDelegate(@TargetAggregateIdentifier String code, String user, Capacity capacity)
            implements CommitsAlone {
    }

    record WithdrawAccreditation(@TargetAggregateIdentifier String code, String user, String reason)
            implements CommitsAlone {
    }
}
