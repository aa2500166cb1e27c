package org.iom.idm.membership;

import org.axonframework.serialization.Revision;

/** The register of member states and their voting rights; each member state is its own stream. */
public sealed interface MembershipEvent {

    String code();

    @Revision("1")
    record MemberStateRegistered(String code, String name) implements MembershipEvent {
    }

    @Revision("1")
    record VotingRightsSuspended(String code, String reason) implements MembershipEvent {
    }

    @Revision("1")
    record VotingRightsReinstated(String code) implements MembershipEvent {
    }

    /** CONTRACT §9: {@code user} speaks for the state {@code code} in {@code capacity}. */
    @Revision("1")
    record DelegateAccredited(String code, String user, Capacity capacity) implements MembershipEvent {
    }

    /** CONTRACT §9: {@code user}'s accreditation to {@code code}, held in {@code capacity}, ends. */
    @Revision("1")
    record AccreditationWithdrawn(String code, String user, Capacity capacity, String reason)
            implements MembershipEvent {
    }
}
