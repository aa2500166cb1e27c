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
}
