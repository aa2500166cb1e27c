package org.iom.idm.consultation;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.iom.idm.ballot.BallotCommands.CastBallot;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationFixtures.Consultations;
import org.iom.idm.consultation.ConsultationFixtures.MemberStates;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.rule.RuleRefused;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.iom.idm.consultation.ConsultationFixtures.CONSULTATION;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.abstained;
import static org.iom.idm.consultation.ConsultationFixtures.changed;
import static org.iom.idm.consultation.ConsultationFixtures.consultationFixture;
import static org.iom.idm.consultation.ConsultationFixtures.created;
import static org.iom.idm.consultation.ConsultationFixtures.explained;
import static org.iom.idm.consultation.ConsultationFixtures.history;
import static org.iom.idm.consultation.ConsultationFixtures.submitted;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.consultation.ConsultationFixtures.voted;
import static org.iom.idm.consultation.ConsultationFixtures.votingClosed;
import static org.iom.idm.consultation.ConsultationFixtures.votingOpened;
import static org.iom.idm.membership.VotingRights.ACTIVE;
import static org.iom.idm.rule.RefusalCode.VALIDATION_FAILED;
import static org.iom.idm.rule.RefusalCode.WRONG_PHASE;

/** CONTRACT §8 rule 9: a ballot's explanation of vote, and the version of each proposal a ballot chooses. */
class ExplanationOfVoteRulesTest {

    private static final ProposalSubmitted SOUTH_SOUTH =
            submitted("south-south", "South-South Migration", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted SOCIAL_CHANGE =
            submitted("social-change", "Migration and Social Change", Proposer.ADMINISTRATION);
    private static final String EXPLANATION = "We vote for South-South Migration as our region's priority.";
    /** A character outside the Basic Multilingual Plane: one code point, two UTF-16 units. */
    private static final String ASTRAL = "\uD834\uDD1E";

    private FixtureConfiguration<Consultation> fixture;

    @BeforeEach
    void setUp() {
        fixture = consultationFixture(new MemberStates().with("PHL", ACTIVE), new Consultations());
    }

    @Test
    void aBallotCarriesItsStatesExplanationOfVote() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot(EXPLANATION, "south-south"), PHL.toMetaData())
               .expectEvents(explained(voted("PHL", "south-south"), EXPLANATION));
    }

    @Test
    void anAbstentionMayBeExplained() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(new CastBallot(CONSULTATION, "PHL", List.of(), true, EXPLANATION), PHL.toMetaData())
               .expectEvents(explained(abstained("PHL"), EXPLANATION));
    }

    @Test
    void aBlankExplanationIsRefusedNamingTheExplanation() {
        for (String blank : List.of("", "   ", "\n\t")) {
            fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
                   .when(ballot(blank, "south-south"), PHL.toMetaData())
                   .expectException(invalid("explanation"))
                   .expectNoEvents();
        }
    }

    @Test
    void anExplanationHasAtMost2000CharactersCountedInCodePoints() {
        String longest = ASTRAL.repeat(2000);
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot(longest, "south-south"), PHL.toMetaData())
               .expectEvents(explained(voted("PHL", "south-south"), longest));
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot(longest + "a", "south-south"), PHL.toMetaData())
               .expectException(invalid("explanation"))
               .expectNoEvents();
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(ballot("a".repeat(2001), "south-south"), PHL.toMetaData())
               .expectException(invalid("explanation"))
               .expectNoEvents();
    }

    @Test
    void anExplanationIsGivenOnlyWithABallotWhileVoting() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(voted("PHL", "south-south"), votingClosed(1, 0, 2, false))
               .when(ballot(EXPLANATION, "south-south"), PHL.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    @Test
    void changingOnlyTheExplanationChangesTheBallot() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(voted("PHL", "south-south"))
               .when(ballot(EXPLANATION, "south-south"), PHL.toMetaData())
               .expectEvents(changed(explained(voted("PHL", "south-south"), EXPLANATION)));
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(explained(voted("PHL", "south-south"), EXPLANATION))
               .when(ballot("Reworded.", "south-south"), PHL.toMetaData())
               .expectEvents(changed(explained(voted("PHL", "south-south"), "Reworded.")));
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(explained(voted("PHL", "south-south"), EXPLANATION))
               .when(ballot(null, "south-south"), PHL.toMetaData())
               .expectEvents(changed(voted("PHL", "south-south")));
    }

    @Test
    void theSameBallotWithTheSameExplanationRecordsNothing() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(explained(voted("PHL", "south-south"), EXPLANATION))
               .when(ballot(EXPLANATION, "south-south"), PHL.toMetaData())
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    /** Revision 1 of the ballot events had no explanation: such a ballot loads as one without. */
    @Test
    void aBallotRecordedBeforeExplanationsExistedHasNone() {
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(new BallotCast(CONSULTATION, "PHL", List.of("south-south"), false))
               .when(ballot(null, "south-south"), PHL.toMetaData())
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(history(Phase.VOTING, SOUTH_SOUTH, SOCIAL_CHANGE))
               .andGiven(new BallotCast(CONSULTATION, "PHL", List.of("south-south"), false))
               .when(ballot(EXPLANATION, "south-south"), PHL.toMetaData())
               .expectEvents(changed(explained(voted("PHL", "south-south"), EXPLANATION)));
    }

    @Test
    void aBallotRecordsTheVersionOfEachProposalItChooses() {
        ProposalAmended second = new ProposalAmended(CONSULTATION, "south-south", 2, "South-South Migration",
                "Between countries of the South");
        ProposalAmended third = new ProposalAmended(CONSULTATION, "south-south", 3,
                "South-South Migration and Development", "Between countries of the South, for development");
        fixture.given(created(2, null), SOUTH_SOUTH, SOCIAL_CHANGE, second, third, votingOpened(3, 2))
               .when(new CastBallot(CONSULTATION, "PHL", List.of("social-change", "south-south"), false, null),
                       PHL.toMetaData())
               .expectEvents(new BallotCast(CONSULTATION, "PHL", List.of("social-change", "south-south"), false,
                       null, Map.of("social-change", 1, "south-south", 3)));
    }

    private static CastBallot ballot(String explanation, String... choices) {
        return new CastBallot(CONSULTATION, "PHL", List.of(choices), false, explanation);
    }

    /** A refusal for invalid input that names {@code field}. */
    private static Matcher<RuleRefused> invalid(String field) {
        return allOf(violation(VALIDATION_FAILED), new FeatureMatcher<RuleRefused, List<String>>(contains(field),
                "a refusal naming the fields", "fields") {
            @Override
            protected List<String> featureValueOf(RuleRefused actual) {
                return actual.fields();
            }
        });
    }
}
