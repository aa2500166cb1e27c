package org.iom.idm.membership;

import java.time.Instant;

public interface MemberStateQueries {

    record FindMemberStates() {
    }

    /** One member state by its code; empty if none is registered under it. */
    record FindMemberState(String code) {
    }

    /** {@code suspensionReason} and {@code suspendedAt} are those of the current suspension, null while active. */
    record MemberStateView(String code, String name, VotingRights votingRights, String suspensionReason,
                           Instant suspendedAt) {
    }
}
