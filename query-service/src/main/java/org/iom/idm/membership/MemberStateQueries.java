package org.iom.idm.membership;

public interface MemberStateQueries {

    record FindMemberStates() {
    }

    record MemberStateView(String code, String name, VotingRights votingRights) {
    }
}
