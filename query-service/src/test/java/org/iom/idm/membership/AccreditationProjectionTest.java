package org.iom.idm.membership;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.iom.idm.membership.AccreditationQueries.FindAccreditationOf;
import org.iom.idm.membership.AccreditationQueries.FindRoster;
import org.iom.idm.membership.AccreditationQueries.FindWithdrawnAccreditations;
import org.iom.idm.membership.AccreditationQueries.RosterEntry;
import org.iom.idm.membership.AccreditationQueries.WithdrawnAccreditation;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.iom.idm.readmodel.ReadModels;
import org.iom.kit.security.Delegations;
import org.iom.kit.security.Delegations.Delegation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The accreditation roster's read model (AccreditationProjection) and the query service's Delegations. */
class AccreditationProjectionTest extends AbstractProjectionTest {

    @Autowired
    private Delegations delegations;

    @Test
    void aWithdrawalIsKeptWithSinceWhenTheAccreditationWasHeldWhenItEndedByWhomAndWhy() {
        String code = registered("Historyland");
        Instant since = feedMemberState(code, new DelegateAccredited(code, "head-h", Capacity.HEAD));
        String reason = text(2000);

        Instant withdrawnAt = feedMemberState(code, new AccreditationWithdrawn(code, "head-h", Capacity.HEAD, reason));

        assertThat(withdrawn(code)).containsExactly(
                new WithdrawnAccreditation("head-h", Capacity.HEAD, since, withdrawnAt, "secretariat", reason));
        assertThat(roster(code)).isEmpty();
    }

    @Test
    void aPersonWithdrawnTwiceFromOneStateKeepsBothWithdrawalsTheLatestFirst() {
        String code = registered("Twiceland");
        Instant first = feedMemberState(code, new DelegateAccredited(code, "person-t", Capacity.ADVISER));
        Instant firstEnd = feedMemberState(code,
                new AccreditationWithdrawn(code, "person-t", Capacity.ADVISER, "Becomes an alternate."));
        Instant second = feedMemberState(code, new DelegateAccredited(code, "person-t", Capacity.ALTERNATE));
        Instant secondEnd = feedMemberState(code,
                new AccreditationWithdrawn(code, "person-t", Capacity.ALTERNATE, "Left the mission."));

        assertThat(withdrawn(code)).containsExactly(
                new WithdrawnAccreditation("person-t", Capacity.ALTERNATE, second, secondEnd, "secretariat",
                        "Left the mission."),
                new WithdrawnAccreditation("person-t", Capacity.ADVISER, first, firstEnd, "secretariat",
                        "Becomes an alternate."));
    }

    @Test
    void theRosterGivesEachStatesAccreditationsTogetherHeadFirst() {
        String first = registered("First roster state");
        String second = registered("Second roster state");
        Instant adviser = feedMemberState(second, new DelegateAccredited(second, "adviser-r", Capacity.ADVISER));
        Instant head = feedMemberState(first, new DelegateAccredited(first, "head-r", Capacity.HEAD));
        Instant alternate = feedMemberState(first, new DelegateAccredited(first, "alternate-r", Capacity.ALTERNATE));

        assertThat(fullRoster().stream().filter(entry -> List.of(first, second).contains(entry.memberState())))
                .containsExactly(new RosterEntry(first, "head-r", Capacity.HEAD, head),
                        new RosterEntry(first, "alternate-r", Capacity.ALTERNATE, alternate),
                        new RosterEntry(second, "adviser-r", Capacity.ADVISER, adviser));
    }

    @Test
    void delegationsAnswerWhomAPersonSpeaksForUntilTheAccreditationIsWithdrawn() {
        String code = registered("Delegationland");
        feedMemberState(code, new DelegateAccredited(code, "alternate-d", Capacity.ALTERNATE));

        assertThat(delegations.of("alternate-d")).contains(new Delegation(code, Capacity.ALTERNATE));
        assertThat(delegations.of("never-accredited")).isEmpty();

        feedMemberState(code, new AccreditationWithdrawn(code, "alternate-d", Capacity.ALTERNATE, "Recalled."));

        assertThat(delegations.of("alternate-d")).isEmpty();
    }

    @Test
    void aReplayWritesTheSameRosterAndWithdrawals() {
        String code = registered("Replayland");
        feedMemberState(code, new DelegateAccredited(code, "head-p", Capacity.HEAD),
                new DelegateAccredited(code, "adviser-p", Capacity.ADVISER),
                new AccreditationWithdrawn(code, "adviser-p", Capacity.ADVISER, "Recalled."));
        List<RosterEntry> roster = fullRoster();
        List<WithdrawnAccreditation> withdrawn = withdrawn(code);

        StreamingEventProcessor processor = readModelProcessors().get(ReadModels.PROCESSING_GROUP);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        awaitProjections();

        assertThat(fullRoster()).isEqualTo(roster);
        assertThat(withdrawn(code)).isEqualTo(withdrawn).hasSize(1);
        assertThat(accreditationOf("head-p")).contains(new RosterEntry(code, "head-p", Capacity.HEAD,
                roster.stream().filter(entry -> entry.user().equals("head-p")).findFirst().orElseThrow().since()));
    }

    private String registered(String name) {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, name));
        return code;
    }

    private List<RosterEntry> fullRoster() {
        return queryGateway.query(new FindRoster(), ResponseTypes.multipleInstancesOf(RosterEntry.class)).join();
    }

    private List<RosterEntry> roster(String code) {
        return fullRoster().stream().filter(entry -> entry.memberState().equals(code)).toList();
    }

    private Optional<RosterEntry> accreditationOf(String user) {
        return queryGateway.query(new FindAccreditationOf(user), ResponseTypes.optionalInstanceOf(RosterEntry.class))
                .join();
    }

    private List<WithdrawnAccreditation> withdrawn(String code) {
        return queryGateway.query(new FindWithdrawnAccreditations(code),
                ResponseTypes.multipleInstancesOf(WithdrawnAccreditation.class)).join();
    }
}
