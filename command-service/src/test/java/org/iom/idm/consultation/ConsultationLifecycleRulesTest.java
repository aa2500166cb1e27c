package org.iom.idm.consultation;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.consultation.ConsultationCommands.CancelConsultation;
import org.iom.idm.consultation.ConsultationCommands.CloseVoting;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationFixtures.Consultations;
import org.iom.idm.consultation.ConsultationFixtures.MemberStates;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.iom.idm.consultation.ConsultationFixtures.BRA;
import static org.iom.idm.consultation.ConsultationFixtures.CHAIR;
import static org.iom.idm.consultation.ConsultationFixtures.CONSULTATION;
import static org.iom.idm.consultation.ConsultationFixtures.OBSERVER;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.SECRETARIAT;
import static org.iom.idm.consultation.ConsultationFixtures.abstained;
import static org.iom.idm.consultation.ConsultationFixtures.cancelled;
import static org.iom.idm.consultation.ConsultationFixtures.changed;
import static org.iom.idm.consultation.ConsultationFixtures.consultationFixture;
import static org.iom.idm.consultation.ConsultationFixtures.created;
import static org.iom.idm.consultation.ConsultationFixtures.history;
import static org.iom.idm.consultation.ConsultationFixtures.submitted;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.consultation.ConsultationFixtures.voted;
import static org.iom.idm.consultation.ConsultationFixtures.votingClosed;
import static org.iom.idm.consultation.ConsultationFixtures.votingOpened;
import static org.iom.idm.consultation.ConsultationFixtures.withdrawn;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;
import static org.iom.idm.rule.RefusalCode.NOT_FOUND;
import static org.iom.idm.rule.RefusalCode.WRONG_PHASE;
import static org.iom.idm.membership.VotingRights.ACTIVE;
import static org.iom.idm.membership.VotingRights.SUSPENDED;

/** CONTRACT §3 rules 1 and 4 and the §4 permissions to create, cancel, open and close. */
class ConsultationLifecycleRulesTest {

    private static final String PARENT = "idm-2009-theme";
    private static final String FOLLOW_UP = "idm-2010-workshops";
    private static final ProposalSubmitted SOUTH_SOUTH =
            submitted("south-south", "South-South Migration", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted SOCIAL_CHANGE =
            submitted("social-change", "Migration and Social Change", Proposer.ADMINISTRATION);

    private final MemberStates memberStates = new MemberStates();
    private final Consultations consultations = new Consultations();
    private FixtureConfiguration<Consultation> fixture;

    @BeforeEach
    void setUp() {
        memberStates.with("PHL", ACTIVE).with("BRA", ACTIVE).with("MEX", ACTIVE);
        fixture = consultationFixture(memberStates, consultations);
    }

    @Test
    void onlyTheSecretariatCreatesConsultations() {
        CreateConsultation create = new CreateConsultation(CONSULTATION, "Overarching theme for IDM 2010",
                "Which overarching theme for IDM 2010?", null, 1, null, null);

        fixture.givenNoPriorActivity()
               .when(create, SECRETARIAT.toMetaData())
               .expectEvents(created());
        for (Actor other : List.of(CHAIR, OBSERVER, PHL)) {
            fixture.givenNoPriorActivity()
                   .when(create, other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void aFollowUpNeedsADecidedParent() {
        consultations.with(PARENT, Phase.DECIDED);

        fixture.givenNoPriorActivity()
               .when(followUpOf(PARENT), SECRETARIAT.toMetaData())
               .expectEvents(followUpCreated(PARENT));
        for (Phase undecided : List.of(Phase.OPEN, Phase.VOTING, Phase.CLOSED, Phase.CANCELLED)) {
            consultations.with(PARENT, undecided);
            fixture.givenNoPriorActivity()
                   .when(followUpOf(PARENT), SECRETARIAT.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void aFollowUpOfAnUnknownConsultationIsNotFound() {
        fixture.givenNoPriorActivity()
               .when(followUpOf("idm-1999-theme"), SECRETARIAT.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();

        consultations.with("idm-1999-theme", Phase.DECIDED);
        fixture.givenNoPriorActivity()
               .when(followUpOf("idm-1999-theme"), SECRETARIAT.toMetaData())
               .expectEvents(followUpCreated("idm-1999-theme"));
    }

    @Test
    void onlyTheSecretariatCancelsConsultations() {
        CancelConsultation cancel = new CancelConsultation(CONSULTATION, "postponed");

        fixture.given(created())
               .when(cancel, SECRETARIAT.toMetaData())
               .expectEvents(cancelled(Phase.OPEN));
        for (Actor other : List.of(CHAIR, OBSERVER, PHL)) {
            fixture.given(created())
                   .when(cancel, other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void consultationsAreCancelledOnlyWhileOpenOrVoting() {
        CancelConsultation cancel = new CancelConsultation(CONSULTATION, "postponed");

        for (Phase cancellable : List.of(Phase.OPEN, Phase.VOTING)) {
            fixture.given(history(cancellable, SOUTH_SOUTH))
                   .when(cancel, SECRETARIAT.toMetaData())
                   .expectEvents(cancelled(cancellable));
        }
        for (Phase settled : List.of(Phase.CLOSED, Phase.DECIDED, Phase.CANCELLED)) {
            fixture.given(history(settled, SOUTH_SOUTH))
                   .when(cancel, SECRETARIAT.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void onlyTheChairOpensVoting() {
        fixture.given(created(), SOUTH_SOUTH)
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingOpened(3, 2));
        for (Actor other : List.of(SECRETARIAT, OBSERVER, PHL)) {
            fixture.given(created(), SOUTH_SOUTH)
                   .when(new OpenVoting(CONSULTATION), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void votingOpensOnlyFromOpen() {
        fixture.given(history(Phase.OPEN, SOUTH_SOUTH))
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingOpened(3, 2));
        for (Phase notOpen : List.of(Phase.VOTING, Phase.CLOSED, Phase.DECIDED, Phase.CANCELLED)) {
            fixture.given(history(notOpen, SOUTH_SOUTH))
                   .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void votingNeedsAtLeastSelectCountActiveProposals() {
        fixture.given(created(2, null), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingOpened(3, 2));

        fixture.given(created(2, null), SOUTH_SOUTH)
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
        fixture.given(created(2, null), SOUTH_SOUTH, SOCIAL_CHANGE, withdrawn(SOCIAL_CHANGE.proposalId()))
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    @Test
    void theDefaultQuorumIsAMajorityOfTheStatesWithVotingRights() {
        memberStates.with("ARG", ACTIVE).with("VEN", SUSPENDED);
        fixture.given(created(), SOUTH_SOUTH)
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingOpened(4, 3));

        memberStates.with("CHL", ACTIVE);
        fixture.given(created(), SOUTH_SOUTH)
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingOpened(5, 3));
    }

    @Test
    void aGivenQuorumReplacesTheDefault() {
        fixture.given(created(1, 1), SOUTH_SOUTH)
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingOpened(3, 1));
        fixture.given(created(1, 10), SOUTH_SOUTH)
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingOpened(3, 10));
    }

    @Test
    void onlyTheChairClosesVoting() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH))
               .when(new CloseVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingClosed(0, 0, 2, false));
        for (Actor other : List.of(SECRETARIAT, OBSERVER, PHL)) {
            fixture.given(history(Phase.VOTING, SOUTH_SOUTH))
                   .when(new CloseVoting(CONSULTATION), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void votingClosesOnlyWhileVoting() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH))
               .when(new CloseVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingClosed(0, 0, 2, false));
        for (Phase notVoting : List.of(Phase.OPEN, Phase.CLOSED, Phase.DECIDED, Phase.CANCELLED)) {
            fixture.given(history(notVoting, SOUTH_SOUTH))
                   .when(new CloseVoting(CONSULTATION), CHAIR.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void closingVotingRecordsTheBallotsTheAbstentionsAndWhetherTheQuorumWasMet() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(voted(PHL.memberState(), SOUTH_SOUTH.proposalId()), abstained(BRA.memberState()))
               .when(new CloseVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingClosed(2, 1, 2, true));

        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(voted(PHL.memberState(), SOUTH_SOUTH.proposalId()),
                       changed(abstained(PHL.memberState())))
               .when(new CloseVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingClosed(1, 1, 2, false));
    }

    private static CreateConsultation followUpOf(String parentId) {
        return new CreateConsultation(FOLLOW_UP, "Workshops of IDM 2010", "Which two workshops?", null, 2, null,
                parentId);
    }

    private static ConsultationCreated followUpCreated(String parentId) {
        return new ConsultationCreated(FOLLOW_UP, "Workshops of IDM 2010", "Which two workshops?", null, 2, null,
                parentId);
    }
}
