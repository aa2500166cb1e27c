package org.iom.idm.membership;

import org.springframework.data.jpa.repository.JpaRepository;

interface RegisteredMemberStates extends JpaRepository<RegisteredMemberState, String> {

    int countByVotingRights(VotingRights votingRights);
}
