package org.iom.idm.membership;

import java.util.Optional;

/** What the command side knows of member states' voting rights when it judges a ballot or opens voting. */
public interface VotingRightsRegister {

    /** Empty when no member state with this code is registered. */
    Optional<VotingRights> votingRightsOf(String code);

    int countWithVotingRights();
}
