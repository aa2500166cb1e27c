package org.iom.idm.consultation;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.ballot.BallotCommands.CastBallot;
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
import static org.iom.idm.consultation.ConsultationFixtures.changed;
import static org.iom.idm.consultation.ConsultationFixtures.consultationFixture;
import static org.iom.idm.consultation.ConsultationFixtures.created;
import static org.iom.idm.consultation.ConsultationFixtures.delegate;
import static org.iom.idm.consultation.ConsultationFixtures.history;
import static org.iom.idm.consultation.ConsultationFixtures.submitted;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.consultation.ConsultationFixtures.voted;
import static org.iom.idm.consultation.ConsultationFixtures.votingClosed;
import static org.iom.idm.consultation.ConsultationFixtures.votingOpened;
import static org.iom.idm.consultation.ConsultationFixtures.withdrawn;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;
import static org.iom.idm.rule.RefusalCode.NOT_FOUND;
import static org.iom.idm.rule.RefusalCode.PROPOSAL_WITHDRAWN;
import static org.iom.idm.rule.RefusalCode.TOO_MANY_CHOICES;
import static org.iom.idm.rule.RefusalCode.VALIDATION_FAILED;
import static org.iom.idm.rule.RefusalCode.VOTING_RIGHTS_SUSPENDED;
import static org.iom.idm.rule.RefusalCode.WRONG_PHASE;
import static org.iom.idm.membership.VotingRights.ACTIVE;
import static org.iom.idm.membership.VotingRights.SUSPENDED;

/** CONTRACT §3 rule 5 and the §4 permission to cast a ballot. */
class BallotRulesTest {

    private static final Actor VEN = delegate("VEN");
    private static final Actor ATL = delegate("ATL");
    private static final ProposalSubmitted SOUTH_SOUTH =
            submitted("south-south", "South-South Migration", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted SOCIAL_CHANGE =
            submitted("social-change", "Migration and Social Change", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted LABOUR =
            submitted("labour-mobility", "Labour Mobility", "PHL");
    private static final ProposalSubmitted CLIMATE =
            submitted("climate", "Climate and Migration", "BRA");

    private final MemberStates memberStates = new MemberStates();
    private FixtureConfiguration<Consultation> fixture;

    @BeforeEach
    void setUp() {
        memberStates.with("PHL", ACTIVE).with("BRA", ACTIVE).with("MEX", ACTIVE).with("VEN", SUSPENDED);
        fixture = consultationFixture(memberStates, new Consultations());
    }

    @Test
    void ballotsAreCastOnlyWhileVoting() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot(PHL, "south-south"), PHL.toMetaData())
               .expectEvents(voted("PHL", "south-south"));
        for (Phase phase : List.of(Phase.OPEN, Phase.CLOSED, Phase.DECIDED, Phase.CANCELLED)) {
            fixture.given(history(phase, SOUTH_SOUTH, SOCIAL_CHANGE))
                   .when(ballot(PHL, "south-south"), PHL.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void aBallotMayBeChangedUntilVotingCloses() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(voted("PHL", "south-south"))
               .when(ballot(PHL, "social-change"), PHL.toMetaData())
               .expectEvents(changed(voted("PHL", "social-change")));
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(voted("PHL", "south-south"))
               .when(abstention(PHL), PHL.toMetaData())
               .expectEvents(changed(abstained("PHL")));
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(voted("PHL", "south-south"), votingClosed(1, 0, 2, false))
               .when(ballot(PHL, "social-change"), PHL.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    @Test
    void onlyADelegateOfThatMemberStateCastsItsBallot() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot(PHL, "south-south"), PHL.toMetaData())
               .expectEvents(voted("PHL", "south-south"));
        for (Actor other : List.of(BRA, SECRETARIAT, CHAIR, OBSERVER)) {
            fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
                   .when(ballot(PHL, "south-south"), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void aStateWhoseVotingRightsAreSuspendedCannotVote() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot(VEN, "south-south"), VEN.toMetaData())
               .expectException(violation(VOTING_RIGHTS_SUSPENDED))
               .expectNoEvents();
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(abstention(VEN), VEN.toMetaData())
               .expectException(violation(VOTING_RIGHTS_SUSPENDED))
               .expectNoEvents();

        memberStates.with("VEN", ACTIVE);
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot(VEN, "south-south"), VEN.toMetaData())
               .expectEvents(voted("VEN", "south-south"));
    }

    @Test
    void anUnregisteredStateIsNotFound() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot(ATL, "south-south"), ATL.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();

        memberStates.with("ATL", ACTIVE);
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot(ATL, "south-south"), ATL.toMetaData())
               .expectEvents(voted("ATL", "south-south"));
    }

    @Test
    void aBallotNamesOnlyActiveProposalsOfThisConsultation() {
        fixture.given(votingWithSelectCount(2))
               .when(ballot(PHL, "south-south", "labour-mobility"), PHL.toMetaData())
               .expectEvents(voted("PHL", "south-south", "labour-mobility"));
        fixture.given(votingWithSelectCount(2))
               .when(ballot(PHL, "south-south", "climate"), PHL.toMetaData())
               .expectException(violation(PROPOSAL_WITHDRAWN))
               .expectNoEvents();
        fixture.given(votingWithSelectCount(2))
               .when(ballot(PHL, "south-south", "a-proposal-of-another-consultation"), PHL.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void aBallotNamesAtMostSelectCountChoices() {
        fixture.given(votingWithSelectCount(2))
               .when(ballot(PHL, "south-south", "social-change"), PHL.toMetaData())
               .expectEvents(voted("PHL", "south-south", "social-change"));
        fixture.given(votingWithSelectCount(2))
               .when(ballot(PHL, "south-south", "social-change", "labour-mobility"), PHL.toMetaData())
               .expectException(violation(TOO_MANY_CHOICES))
               .expectNoEvents();
        fixture.given(votingWithSelectCount(1))
               .when(ballot(PHL, "south-south", "social-change"), PHL.toMetaData())
               .expectException(violation(TOO_MANY_CHOICES))
               .expectNoEvents();
    }

    @Test
    void aBallotsChoicesAreDistinct() {
        fixture.given(votingWithSelectCount(2))
               .when(ballot(PHL, "south-south"), PHL.toMetaData())
               .expectEvents(voted("PHL", "south-south"));
        fixture.given(votingWithSelectCount(2))
               .when(ballot(PHL, "south-south", "south-south"), PHL.toMetaData())
               .expectException(violation(VALIDATION_FAILED))
               .expectNoEvents();
    }

    @Test
    void aBallotIsEitherChoicesOrAnExplicitAbstention() {
        fixture.given(votingWithSelectCount(1))
               .when(abstention(PHL), PHL.toMetaData())
               .expectEvents(abstained("PHL"));
        fixture.given(votingWithSelectCount(1))
               .when(ballot(PHL), PHL.toMetaData())
               .expectException(violation(VALIDATION_FAILED))
               .expectNoEvents();
        fixture.given(votingWithSelectCount(1))
               .when(new CastBallot(CONSULTATION, "PHL", List.of("south-south"), true, null), PHL.toMetaData())
               .expectException(violation(VALIDATION_FAILED))
               .expectNoEvents();
    }

    @Test
    void theFirstBallotIsCastAndALaterDifferentOneChangesIt() {
        fixture.given(votingWithSelectCount(2))
               .when(ballot(PHL, "south-south"), PHL.toMetaData())
               .expectEvents(voted("PHL", "south-south"));
        fixture.given(votingWithSelectCount(2))
               .andGiven(voted("PHL", "south-south"))
               .when(ballot(PHL, "south-south", "social-change"), PHL.toMetaData())
               .expectEvents(changed(voted("PHL", "south-south", "social-change")));
        fixture.given(votingWithSelectCount(2))
               .andGiven(voted("BRA", "south-south"))
               .when(ballot(PHL, "south-south"), PHL.toMetaData())
               .expectEvents(voted("PHL", "south-south"));
    }

    @Test
    void resubmittingTheSameBallotRecordsNothing() {
        fixture.given(votingWithSelectCount(2))
               .andGiven(voted("PHL", "south-south", "social-change"))
               .when(ballot(PHL, "social-change", "south-south"), PHL.toMetaData())
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(votingWithSelectCount(2))
               .andGiven(voted("PHL", "south-south"), changed(abstained("PHL")))
               .when(abstention(PHL), PHL.toMetaData())
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(votingWithSelectCount(2))
               .andGiven(voted("PHL", "south-south", "social-change"))
               .when(ballot(PHL, "south-south"), PHL.toMetaData())
               .expectEvents(changed(voted("PHL", "south-south")));
    }

    private static List<Object> votingWithSelectCount(int selectCount) {
        return List.of(created(selectCount, null), SOUTH_SOUTH, SOCIAL_CHANGE, LABOUR, CLIMATE,
                withdrawn("climate"), votingOpened(3, 2));
    }

    private static CastBallot ballot(Actor delegate, String... choices) {
        return new CastBallot(CONSULTATION, delegate.memberState(), List.of(choices), false, null);
    }

    private static CastBallot abstention(Actor delegate) {
        return new CastBallot(CONSULTATION, delegate.memberState(), List.of(), true, null);
    }
}
