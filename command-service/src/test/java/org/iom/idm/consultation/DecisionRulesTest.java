package org.iom.idm.consultation;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.consultation.ConsultationCommands.RecordDecision;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.iom.idm.consultation.ConsultationFixtures.CHAIR;
import static org.iom.idm.consultation.ConsultationFixtures.CONSULTATION;
import static org.iom.idm.consultation.ConsultationFixtures.OBSERVER;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.SECRETARIAT;
import static org.iom.idm.consultation.ConsultationFixtures.abstained;
import static org.iom.idm.consultation.ConsultationFixtures.changed;
import static org.iom.idm.consultation.ConsultationFixtures.consultationFixture;
import static org.iom.idm.consultation.ConsultationFixtures.created;
import static org.iom.idm.consultation.ConsultationFixtures.decide;
import static org.iom.idm.consultation.ConsultationFixtures.decided;
import static org.iom.idm.consultation.ConsultationFixtures.history;
import static org.iom.idm.consultation.ConsultationFixtures.submitted;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.consultation.ConsultationFixtures.voted;
import static org.iom.idm.consultation.ConsultationFixtures.votingOpened;
import static org.iom.idm.consultation.ConsultationFixtures.withdrawn;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;
import static org.iom.idm.rule.RefusalCode.NOT_FOUND;
import static org.iom.idm.rule.RefusalCode.PROPOSAL_WITHDRAWN;
import static org.iom.idm.rule.RefusalCode.RATIONALE_REQUIRED;
import static org.iom.idm.rule.RefusalCode.VALIDATION_FAILED;
import static org.iom.idm.rule.RefusalCode.WRONG_PHASE;

/** CONTRACT §3 rule 6 and the §4 permission to record the decision. */
class DecisionRulesTest {

    private static final int QUORUM = 3;
    private static final String RATIONALE = "The membership asked for a theme with a regional focus.";
    private static final ProposalSubmitted SOUTH_SOUTH =
            submitted("south-south", "South-South Migration", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted SOCIAL_CHANGE =
            submitted("social-change", "Migration and Social Change", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted LABOUR =
            submitted("labour-mobility", "Labour Mobility", "PHL");
    private static final ProposalSubmitted CLIMATE =
            submitted("climate", "Climate and Migration", "BRA");
    private static final List<Object> SOUTH_SOUTH_LEADS = closedAfter(1,
            voted("PHL", "south-south"), voted("BRA", "south-south"), voted("MEX", "social-change"));

    private FixtureConfiguration<Consultation> fixture;

    @BeforeEach
    void setUp() {
        fixture = consultationFixture();
    }

    @Test
    void onlyTheChairRecordsTheDecision() {
        fixture.given(SOUTH_SOUTH_LEADS)
               .when(decide(null, "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(null, "south-south"));
        for (Actor other : List.of(SECRETARIAT, OBSERVER, PHL)) {
            fixture.given(SOUTH_SOUTH_LEADS)
                   .when(decide(null, "south-south"), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void theDecisionIsRecordedOnlyAfterVotingCloses() {
        fixture.given(SOUTH_SOUTH_LEADS)
               .when(decide(RATIONALE, "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(RATIONALE, "south-south"));
        for (Phase phase : List.of(Phase.OPEN, Phase.VOTING, Phase.CANCELLED)) {
            fixture.given(history(phase, SOUTH_SOUTH))
                   .when(decide(RATIONALE, "south-south"), CHAIR.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void theDecisionSelectsExactlySelectCountDistinctActiveProposals() {
        fixture.given(SOUTH_SOUTH_LEADS)
               .when(decide(RATIONALE, "social-change"), CHAIR.toMetaData())
               .expectEvents(decided(RATIONALE, "social-change"));
        fixture.given(closedAfter(2, voted("PHL", "south-south", "social-change"),
                       voted("BRA", "south-south", "social-change"), voted("MEX", "south-south")))
               .when(decide(null, "south-south", "social-change"), CHAIR.toMetaData())
               .expectEvents(decided(null, "south-south", "social-change"));

        for (RecordDecision invalid : List.of(decide(RATIONALE), decide(RATIONALE, "south-south", "social-change"),
                decide(RATIONALE, "south-south", "south-south"))) {
            fixture.given(SOUTH_SOUTH_LEADS)
                   .when(invalid, CHAIR.toMetaData())
                   .expectException(violation(VALIDATION_FAILED))
                   .expectNoEvents();
        }
        fixture.given(SOUTH_SOUTH_LEADS)
               .when(decide(RATIONALE, "climate"), CHAIR.toMetaData())
               .expectException(violation(PROPOSAL_WITHDRAWN))
               .expectNoEvents();
        fixture.given(SOUTH_SOUTH_LEADS)
               .when(decide(RATIONALE, "no-such-proposal"), CHAIR.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void aRationaleIsRequiredWhenTheSelectionDiffersFromTheTopByVotes() {
        List<Object> southSouthLeadsAfterAChange = closedAfter(1, voted("PHL", "social-change"),
                changed(voted("PHL", "south-south")), voted("BRA", "south-south"), voted("MEX", "social-change"));

        fixture.given(southSouthLeadsAfterAChange)
               .when(decide(RATIONALE, "social-change"), CHAIR.toMetaData())
               .expectEvents(decided(RATIONALE, "social-change"));
        for (String missing : new String[] {null, "", "   "}) {
            fixture.given(southSouthLeadsAfterAChange)
                   .when(decide(missing, "social-change"), CHAIR.toMetaData())
                   .expectException(violation(RATIONALE_REQUIRED))
                   .expectNoEvents();
        }
    }

    @Test
    void aRationaleIsRequiredWhenATieMakesTheTopAmbiguous() {
        List<Object> tiedForFirst = closedAfter(1,
                voted("PHL", "south-south"), voted("BRA", "social-change"), abstained("MEX"));
        List<Object> tiedForSecond = closedAfter(2, voted("PHL", "south-south", "social-change"),
                voted("BRA", "south-south", "labour-mobility"), voted("MEX", "south-south"));

        fixture.given(tiedForFirst)
               .when(decide(RATIONALE, "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(RATIONALE, "south-south"));
        fixture.given(tiedForFirst)
               .when(decide(null, "south-south"), CHAIR.toMetaData())
               .expectException(violation(RATIONALE_REQUIRED))
               .expectNoEvents();
        fixture.given(tiedForSecond)
               .when(decide(null, "south-south", "social-change"), CHAIR.toMetaData())
               .expectException(violation(RATIONALE_REQUIRED))
               .expectNoEvents();
        fixture.given(closedAfter(1, voted("PHL", "south-south"), voted("BRA", "south-south"),
                       voted("MEX", "social-change"), voted("ARG", "labour-mobility")))
               .when(decide(null, "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(null, "south-south"));
    }

    @Test
    void aRationaleIsRequiredWhenTheQuorumWasNotMet() {
        List<Object> belowQuorum = closedAfter(1, voted("PHL", "south-south"), voted("BRA", "south-south"));

        fixture.given(belowQuorum)
               .when(decide(RATIONALE, "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(RATIONALE, "south-south"));
        fixture.given(belowQuorum)
               .when(decide(null, "south-south"), CHAIR.toMetaData())
               .expectException(violation(RATIONALE_REQUIRED))
               .expectNoEvents();
        fixture.given(closedAfter(1, voted("PHL", "south-south"), voted("BRA", "south-south"), abstained("MEX")))
               .when(decide(null, "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(null, "south-south"));
    }

    @Test
    void noRationaleIsNeededForTheClearTopWhenTheQuorumWasMet() {
        fixture.given(SOUTH_SOUTH_LEADS)
               .when(decide(null, "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(null, "south-south"));
        fixture.given(SOUTH_SOUTH_LEADS)
               .when(decide(RATIONALE, "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(RATIONALE, "south-south"));
        fixture.given(closedAfter(2, voted("PHL", "south-south", "social-change"),
                       voted("BRA", "south-south", "social-change"), voted("MEX", "south-south")))
               .when(decide(null, "social-change", "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(null, "social-change", "south-south"));
    }

    @Test
    void aDecisionIsFinal() {
        fixture.given(SOUTH_SOUTH_LEADS)
               .when(decide(null, "south-south"), CHAIR.toMetaData())
               .expectEvents(decided(null, "south-south"));
        fixture.given(SOUTH_SOUTH_LEADS)
               .andGiven(decided(null, "south-south"))
               .when(decide(RATIONALE, "social-change"), CHAIR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
        fixture.given(SOUTH_SOUTH_LEADS)
               .andGiven(decided(null, "south-south"))
               .when(decide(null, "south-south"), CHAIR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    /** A closed vote on three active proposals and a withdrawn one, with a quorum of {@value #QUORUM}. */
    private static List<Object> closedAfter(int selectCount, BallotEvent... ballots) {
        return ConsultationFixtures.closedAfter(List.of(created(selectCount, QUORUM), SOUTH_SOUTH, SOCIAL_CHANGE,
                LABOUR, CLIMATE, withdrawn("climate"), votingOpened(4, QUORUM)), QUORUM, ballots);
    }
}
