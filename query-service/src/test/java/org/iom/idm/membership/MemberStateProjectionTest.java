package org.iom.idm.membership;

import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The member states and their voting rights (MemberStateProjection). */
class MemberStateProjectionTest extends AbstractProjectionTest {

    private MemberStateView listedMemberState(String code) {
        List<MemberStateView> matching = memberStates().stream().filter(state -> state.code().equals(code)).toList();
        assertThat(matching).as("member states listed as " + code).hasSize(1);
        return matching.get(0);
    }

    @Test
    void aRegisteredMemberStateIsListedWithActiveVotingRights() {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, "Republic of Testland"));

        assertThat(listedMemberState(code))
                .isEqualTo(new MemberStateView(code, "Republic of Testland", VotingRights.ACTIVE));
    }

    @Test
    void suspendedVotingRightsAreListedAsSuspended() {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, "Testland"),
                new VotingRightsSuspended(code, "Arrears"));

        assertThat(listedMemberState(code).votingRights()).isEqualTo(VotingRights.SUSPENDED);
    }

    @Test
    void reinstatedVotingRightsAreActiveAgain() {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, "Testland"), new VotingRightsSuspended(code, "Arrears"));
        assertThat(listedMemberState(code).votingRights()).isEqualTo(VotingRights.SUSPENDED);

        feedMemberState(code, new VotingRightsReinstated(code));

        assertThat(listedMemberState(code).votingRights()).isEqualTo(VotingRights.ACTIVE);
    }

    @Test
    void suspendingOneMemberStateLeavesTheOthersVotingRightsAlone() {
        String suspended = newMemberStateCode();
        String other = newMemberStateCode();
        feedMemberState(other, new MemberStateRegistered(other, "Otherland"));
        feedMemberState(suspended, new MemberStateRegistered(suspended, "Testland"),
                new VotingRightsSuspended(suspended, "Arrears"));

        assertThat(listedMemberState(other).votingRights()).isEqualTo(VotingRights.ACTIVE);
    }

    @Test
    void aNameAsLongAsTheContractAllowsIsKeptInFull() {
        String code = newMemberStateCode();
        String name = text(200);
        feedMemberState(code, new MemberStateRegistered(code, name));

        assertThat(listedMemberState(code).name()).isEqualTo(name);
    }

    @Test
    void memberStatesAreListedByCode() {
        String first = newMemberStateCode();
        String second = newMemberStateCode();
        feedMemberState(second, new MemberStateRegistered(second, "Second registered, first by code"));
        feedMemberState(first, new MemberStateRegistered(first, "First registered, second by code"));

        List<MemberStateView> states = memberStates();
        assertThat(states).isSortedAccordingTo(Comparator.comparing(MemberStateView::code));
        assertThat(states).extracting(MemberStateView::code).contains(first, second);
        assertThat(states).extracting(MemberStateView::code).doesNotHaveDuplicates();
    }
}
