package org.iom.idm.membership;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.membership.MembershipCommands.RegisterMemberState;
import org.iom.idm.membership.MembershipCommands.ReinstateVotingRights;
import org.iom.idm.membership.MembershipCommands.SuspendVotingRights;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.iom.idm.consultation.ConsultationFixtures.CHAIR;
import static org.iom.idm.consultation.ConsultationFixtures.OBSERVER;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.SECRETARIAT;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;

/** The §4 permissions to register member states and to suspend and reinstate their voting rights. */
class MemberStateRulesTest {

    private static final MemberStateRegistered REGISTERED = new MemberStateRegistered("VEN", "Venezuela");
    private static final VotingRightsSuspended SUSPENDED = new VotingRightsSuspended("VEN", "arrears");
    private static final List<Actor> NOT_SECRETARIAT =
            List.of(CHAIR, OBSERVER, PHL, Actor.delegate("delegate-ven", "VEN"));

    private FixtureConfiguration<MemberState> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MemberState.class);
    }

    @Test
    void onlyTheSecretariatRegistersMemberStates() {
        fixture.givenNoPriorActivity()
               .when(new RegisterMemberState("VEN", "Venezuela"), SECRETARIAT.toMetaData())
               .expectEvents(REGISTERED);
        for (Actor other : NOT_SECRETARIAT) {
            fixture.givenNoPriorActivity()
                   .when(new RegisterMemberState("VEN", "Venezuela"), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void onlyTheSecretariatSuspendsVotingRights() {
        fixture.given(REGISTERED)
               .when(new SuspendVotingRights("VEN", "arrears"), SECRETARIAT.toMetaData())
               .expectEvents(SUSPENDED);
        for (Actor other : NOT_SECRETARIAT) {
            fixture.given(REGISTERED)
                   .when(new SuspendVotingRights("VEN", "arrears"), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void onlyTheSecretariatReinstatesVotingRights() {
        fixture.given(REGISTERED, SUSPENDED)
               .when(new ReinstateVotingRights("VEN"), SECRETARIAT.toMetaData())
               .expectEvents(new VotingRightsReinstated("VEN"));
        for (Actor other : NOT_SECRETARIAT) {
            fixture.given(REGISTERED, SUSPENDED)
                   .when(new ReinstateVotingRights("VEN"), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void suspendingSuspendedVotingRightsRecordsNothing() {
        fixture.given(REGISTERED, SUSPENDED)
               .when(new SuspendVotingRights("VEN", "still in arrears"), SECRETARIAT.toMetaData())
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(REGISTERED, SUSPENDED, new VotingRightsReinstated("VEN"))
               .when(new SuspendVotingRights("VEN", "arrears"), SECRETARIAT.toMetaData())
               .expectEvents(SUSPENDED);
    }

    @Test
    void votingRightsAreReinstatedOnlyWhenSuspended() {
        fixture.given(REGISTERED)
               .when(new ReinstateVotingRights("VEN"), SECRETARIAT.toMetaData())
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(REGISTERED, SUSPENDED, new VotingRightsReinstated("VEN"))
               .when(new ReinstateVotingRights("VEN"), SECRETARIAT.toMetaData())
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(REGISTERED, SUSPENDED)
               .when(new ReinstateVotingRights("VEN"), SECRETARIAT.toMetaData())
               .expectEvents(new VotingRightsReinstated("VEN"));
    }
}
