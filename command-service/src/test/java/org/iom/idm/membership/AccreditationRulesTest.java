package org.iom.idm.membership;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.consultation.ConsultationFixtures.Roster;
import org.iom.idm.membership.MembershipCommands.AccreditDelegate;
import org.iom.idm.membership.MembershipCommands.WithdrawAccreditation;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.iom.idm.consultation.ConsultationFixtures.CHAIR;
import static org.iom.idm.consultation.ConsultationFixtures.OBSERVER;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.SECRETARIAT;
import static org.iom.idm.consultation.ConsultationFixtures.refusal;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.membership.Capacity.ADVISER;
import static org.iom.idm.membership.Capacity.ALTERNATE;
import static org.iom.idm.membership.Capacity.HEAD;
import static org.iom.idm.rule.RefusalCode.ALREADY_EXISTS;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;
import static org.iom.idm.rule.RefusalCode.NOT_FOUND;
import static org.iom.idm.rule.RefusalCode.VALIDATION_FAILED;

/**
 * CONTRACT §9: the secretariat accredits a person to a member state in a capacity, at most one head per state and
 * one state per person, and withdraws an accreditation with a reason.
 */
class AccreditationRulesTest {

    private static final MemberStateRegistered REGISTERED = new MemberStateRegistered("VEN", "Venezuela");
    private static final DelegateAccredited HEAD_ACCREDITED = new DelegateAccredited("VEN", "delegate-ven", HEAD);
    private static final DelegateAccredited ALTERNATE_ACCREDITED =
            new DelegateAccredited("VEN", "alternate-ven", ALTERNATE);
    private static final String REASON = "Posted to another mission";
    private static final List<Actor> NOT_SECRETARIAT =
            List.of(CHAIR, OBSERVER, PHL, Actor.delegate("delegate-ven", "VEN", HEAD));

    private final Roster roster = new Roster();
    private FixtureConfiguration<MemberState> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MemberState.class).registerInjectableResource(roster);
    }

    @Test
    void theSecretariatAccreditsAPersonInEachCapacity() {
        for (Capacity capacity : Capacity.values()) {
            fixture.given(REGISTERED)
                   .when(new AccreditDelegate("VEN", "someone", capacity), SECRETARIAT.toMetaData())
                   .expectEvents(new DelegateAccredited("VEN", "someone", capacity));
        }
    }

    @Test
    void onlyTheSecretariatAccredits() {
        for (Actor other : NOT_SECRETARIAT) {
            fixture.given(REGISTERED)
                   .when(new AccreditDelegate("VEN", "someone", ALTERNATE), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void aStateHasAtMostOneHeadOfDelegation() {
        fixture.given(REGISTERED, HEAD_ACCREDITED)
               .when(new AccreditDelegate("VEN", "someone", HEAD), SECRETARIAT.toMetaData())
               .expectException(violation(ALREADY_EXISTS))
               .expectNoEvents();
        fixture.given(REGISTERED, HEAD_ACCREDITED)
               .when(new AccreditDelegate("VEN", "someone", ALTERNATE), SECRETARIAT.toMetaData())
               .expectEvents(new DelegateAccredited("VEN", "someone", ALTERNATE));
        fixture.given(REGISTERED, HEAD_ACCREDITED, withdrawn(HEAD_ACCREDITED))
               .when(new AccreditDelegate("VEN", "someone", HEAD), SECRETARIAT.toMetaData())
               .expectEvents(new DelegateAccredited("VEN", "someone", HEAD));
    }

    @Test
    void aPersonIsAccreditedToAStateOnceAndChangesCapacityByWithdrawalAndAccreditation() {
        fixture.given(REGISTERED, ALTERNATE_ACCREDITED)
               .when(new AccreditDelegate("VEN", "alternate-ven", ADVISER), SECRETARIAT.toMetaData())
               .expectException(violation(ALREADY_EXISTS))
               .expectNoEvents();
        fixture.given(REGISTERED, ALTERNATE_ACCREDITED, withdrawn(ALTERNATE_ACCREDITED))
               .when(new AccreditDelegate("VEN", "alternate-ven", ADVISER), SECRETARIAT.toMetaData())
               .expectEvents(new DelegateAccredited("VEN", "alternate-ven", ADVISER));
    }

    @Test
    void aPersonSpeaksForOneMemberStateOnly() {
        roster.with(PHL);

        fixture.given(REGISTERED)
               .when(new AccreditDelegate("VEN", PHL.username(), ADVISER), SECRETARIAT.toMetaData())
               .expectException(violation(ALREADY_EXISTS))
               .expectNoEvents();
    }

    @Test
    void anAccreditationNamesAUserWhoCanSignInAndACapacity() {
        String longest = "u".repeat(MemberState.USER_LIMIT);
        for (String user : Arrays.asList(null, "", "   ", " padded", "padded\t", "tab\there", "nul\u0000",
                "zero\u200Bwidth", "right\u202Eleft", "line\u2028break", longest + "u")) {
            fixture.given(REGISTERED)
                   .when(new AccreditDelegate("VEN", user, ALTERNATE), SECRETARIAT.toMetaData())
                   .expectException(refusal(VALIDATION_FAILED, "user"))
                   .expectNoEvents();
        }
        fixture.given(REGISTERED)
               .when(new AccreditDelegate("VEN", "someone", null), SECRETARIAT.toMetaData())
               .expectException(refusal(VALIDATION_FAILED, "capacity"))
               .expectNoEvents();
        for (String user : List.of(longest, "délégué-ven", "https://id.example.org|4a5b-6c7d")) {
            fixture.given(REGISTERED)
                   .when(new AccreditDelegate("VEN", user, ALTERNATE), SECRETARIAT.toMetaData())
                   .expectEvents(new DelegateAccredited("VEN", user, ALTERNATE));
        }
    }

    @Test
    void theSecretariatWithdrawsAnAccreditationWithAReason() {
        fixture.given(REGISTERED, HEAD_ACCREDITED, ALTERNATE_ACCREDITED)
               .when(new WithdrawAccreditation("VEN", "alternate-ven", REASON), SECRETARIAT.toMetaData())
               .expectEvents(withdrawn(ALTERNATE_ACCREDITED));
    }

    @Test
    void onlyTheSecretariatWithdrawsAnAccreditation() {
        for (Actor other : NOT_SECRETARIAT) {
            fixture.given(REGISTERED, HEAD_ACCREDITED)
                   .when(new WithdrawAccreditation("VEN", "delegate-ven", REASON), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void onlyACurrentAccreditationIsWithdrawn() {
        fixture.given(REGISTERED, HEAD_ACCREDITED)
               .when(new WithdrawAccreditation("VEN", "someone", REASON), SECRETARIAT.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();
        fixture.given(REGISTERED, HEAD_ACCREDITED, withdrawn(HEAD_ACCREDITED))
               .when(new WithdrawAccreditation("VEN", "delegate-ven", REASON), SECRETARIAT.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void aWithdrawalNeedsAReasonOfAtMost2000Characters() {
        for (String reason : Arrays.asList(null, "", "  ", "r".repeat(2001), "🌍".repeat(2001))) {
            fixture.given(REGISTERED, HEAD_ACCREDITED)
                   .when(new WithdrawAccreditation("VEN", "delegate-ven", reason), SECRETARIAT.toMetaData())
                   .expectException(refusal(VALIDATION_FAILED, "reason"))
                   .expectNoEvents();
        }
        String longest = "🌍".repeat(2000);
        fixture.given(REGISTERED, HEAD_ACCREDITED)
               .when(new WithdrawAccreditation("VEN", "delegate-ven", longest), SECRETARIAT.toMetaData())
               .expectEvents(new AccreditationWithdrawn("VEN", "delegate-ven", HEAD, longest));
    }

    private static AccreditationWithdrawn withdrawn(DelegateAccredited accredited) {
        return new AccreditationWithdrawn(accredited.code(), accredited.user(), accredited.capacity(), REASON);
    }
}
