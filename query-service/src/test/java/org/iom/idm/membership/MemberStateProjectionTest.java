package org.iom.idm.membership;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.iom.idm.membership.MemberStateQueries.FindMemberState;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.iom.idm.readmodel.ReadModels;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The member states, their voting rights and the reason and date of a suspension (MemberStateProjection). */
class MemberStateProjectionTest extends AbstractProjectionTest {

    private MemberStateView listedMemberState(String code) {
        List<MemberStateView> matching = memberStates().stream().filter(state -> state.code().equals(code)).toList();
        assertThat(matching).as("member states listed as " + code).hasSize(1);
        return matching.get(0);
    }

    private Optional<MemberStateView> memberState(String code) {
        return queryGateway.query(new FindMemberState(code), ResponseTypes.optionalInstanceOf(MemberStateView.class))
                .join();
    }

    @Test
    void aRegisteredMemberStateIsListedWithActiveVotingRights() {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, "Republic of Testland"));

        assertThat(listedMemberState(code))
                .isEqualTo(new MemberStateView(code, "Republic of Testland", VotingRights.ACTIVE, null, null));
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

    @Test
    void aSuspensionIsListedWithItsReasonAndTheTimeOfItsEvent() {
        String code = newMemberStateCode();
        Instant suspendedAt = feedMemberState(code, new MemberStateRegistered(code, "Testland"),
                new VotingRightsSuspended(code, "Arrears of contributions for two full years"));

        assertThat(listedMemberState(code)).isEqualTo(new MemberStateView(code, "Testland", VotingRights.SUSPENDED,
                "Arrears of contributions for two full years", suspendedAt));
    }

    @Test
    void aReasonAsLongAsTheContractAllowsIsKeptInFull() {
        String code = newMemberStateCode();
        String reason = text(2000);
        feedMemberState(code, new MemberStateRegistered(code, "Testland"), new VotingRightsSuspended(code, reason));

        assertThat(listedMemberState(code).suspensionReason()).isEqualTo(reason);
    }

    @Test
    void reinstatementClearsTheReasonAndDateOfTheSuspension() {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, "Testland"), new VotingRightsSuspended(code, "Arrears"),
                new VotingRightsReinstated(code));

        assertThat(listedMemberState(code))
                .isEqualTo(new MemberStateView(code, "Testland", VotingRights.ACTIVE, null, null));
    }

    @Test
    void aSuspensionAfterReinstatementShowsItsOwnReasonAndDate() {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, "Testland"), new VotingRightsSuspended(code, "Arrears"),
                new VotingRightsReinstated(code));

        Instant again = feedMemberState(code, new VotingRightsSuspended(code, "Arrears again"));

        assertThat(listedMemberState(code).suspensionReason()).isEqualTo("Arrears again");
        assertThat(listedMemberState(code).suspendedAt()).isEqualTo(again);
    }

    @Test
    void oneMemberStateIsFoundByItsCodeWithItsSuspension() {
        String code = newMemberStateCode();
        String other = newMemberStateCode();
        feedMemberState(other, new MemberStateRegistered(other, "Otherland"));
        Instant suspendedAt = feedMemberState(code, new MemberStateRegistered(code, "Testland"),
                new VotingRightsSuspended(code, "Arrears"));

        assertThat(memberState(code)).contains(
                new MemberStateView(code, "Testland", VotingRights.SUSPENDED, "Arrears", suspendedAt));
        assertThat(memberState(other)).contains(
                new MemberStateView(other, "Otherland", VotingRights.ACTIVE, null, null));
    }

    @Test
    void noMemberStateIsFoundForACodeNeverRegistered() {
        assertThat(memberState(newMemberStateCode())).isEmpty();
    }

    @Test
    void aReplayWritesTheSameReasonsAndDates() {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, "Testland"), new VotingRightsSuspended(code, "Arrears"),
                new VotingRightsReinstated(code), new VotingRightsSuspended(code, "Arrears again"));
        List<MemberStateView> before = memberStates();

        StreamingEventProcessor processor = readModelProcessors().get(ReadModels.PROCESSING_GROUP);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        awaitProjections();

        assertThat(memberStates()).isEqualTo(before);
        assertThat(listedMemberState(code).suspensionReason()).isEqualTo("Arrears again");
    }
}
