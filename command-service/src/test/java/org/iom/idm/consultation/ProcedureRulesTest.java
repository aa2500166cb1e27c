package org.iom.idm.consultation;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.ballot.BallotCommands.CastBallot;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenRunoff;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationFixtures.Consultations;
import org.iom.idm.consultation.ConsultationFixtures.MemberStates;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.hamcrest.Matchers.instanceOf;

import static org.iom.idm.consultation.ConsultationFixtures.CONSULTATION;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.SECRETARIAT;
import static org.iom.idm.consultation.ConsultationFixtures.abstained;
import static org.iom.idm.consultation.ConsultationFixtures.consultationFixture;
import static org.iom.idm.consultation.ConsultationFixtures.decide;
import static org.iom.idm.consultation.ConsultationFixtures.decided;
import static org.iom.idm.consultation.ConsultationFixtures.submitted;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.consultation.ConsultationFixtures.voted;
import static org.iom.idm.consultation.ConsultationFixtures.votingClosed;
import static org.iom.idm.consultation.ConsultationFixtures.votingOpened;
import static org.iom.idm.consultation.MajorityRule.PLURALITY;
import static org.iom.idm.consultation.MajorityRule.SIMPLE;
import static org.iom.idm.consultation.MajorityRule.TWO_THIRDS;
import static org.iom.idm.consultation.TieBreak.CHAIR;
import static org.iom.idm.consultation.TieBreak.RUNOFF;
import static org.iom.idm.membership.VotingRights.ACTIVE;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;
import static org.iom.idm.rule.RefusalCode.RATIONALE_REQUIRED;
import static org.iom.idm.rule.RefusalCode.VALIDATION_FAILED;
import static org.iom.idm.rule.RefusalCode.WRONG_PHASE;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * CONTRACT §8: the procedure, majority rule and tie break declared at creation, the outcome they give the
 * chair's decision, and rule 10's runoff rounds. Every vote here has four eligible states and a quorum of 3.
 */
class ProcedureRulesTest {

    private static final Actor CHAIR_ACTOR = ConsultationFixtures.CHAIR;
    private static final int QUORUM = 3;
    private static final String RATIONALE = "The membership asked for a theme with a regional focus.";
    private static final ProposalSubmitted SOUTH_SOUTH =
            submitted("south-south", "South-South Migration", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted SOCIAL_CHANGE =
            submitted("social-change", "Migration and Social Change", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted LABOUR = submitted("labour-mobility", "Labour Mobility", "PHL");

    private FixtureConfiguration<Consultation> fixture;

    @BeforeEach
    void setUp() {
        fixture = consultationFixture(new MemberStates().with("PHL", ACTIVE).with("BRA", ACTIVE)
                .with("MEX", ACTIVE).with("ARG", ACTIVE), new Consultations());
    }

    // --- declarations --------------------------------------------------------------------------------------

    @Test
    void whatIsDeclaredIsRecordedAndNothingWhereNothingIs() {
        fixture.givenNoPriorActivity()
               .when(create(null, null, null, null), SECRETARIAT.toMetaData())
               .expectEvents(created(null, null, null, null));
        fixture.givenNoPriorActivity()
               .when(create(Procedure.RECORDED_VOTE, TWO_THIRDS, RUNOFF, null), SECRETARIAT.toMetaData())
               .expectEvents(created(Procedure.RECORDED_VOTE, TWO_THIRDS, RUNOFF, null));
        fixture.givenNoPriorActivity()
               .when(create(Procedure.SILENCE, SIMPLE, CHAIR, Procedure.RECORDED_VOTE), SECRETARIAT.toMetaData())
               .expectEvents(created(Procedure.SILENCE, SIMPLE, CHAIR, Procedure.RECORDED_VOTE));
    }

    @Test
    void aFallbackIsDeclaredOnlyForASilenceProcedureAndIsARecordedVote() {
        for (CreateConsultation invalid : List.of(create(null, null, null, Procedure.RECORDED_VOTE),
                create(Procedure.RECORDED_VOTE, null, null, Procedure.RECORDED_VOTE),
                create(Procedure.SILENCE, null, null, Procedure.SILENCE))) {
            fixture.givenNoPriorActivity()
                   .when(invalid, SECRETARIAT.toMetaData())
                   .expectException(violation(VALIDATION_FAILED))
                   .expectNoEvents();
        }
    }

    @Test
    void theChairDoesNotOpenVotingByHandUnderASilenceProcedure() {
        fixture.given(created(Procedure.SILENCE, PLURALITY, CHAIR, null), SOUTH_SOUTH)
               .when(new OpenVoting(CONSULTATION), CHAIR_ACTOR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    @Test
    void aConsultationCreatedBeforeTheDeclarationsDecidesByPluralityWithTheChairBreakingTies() {
        ConsultationCreated earlier = new ConsultationCreated(CONSULTATION, "Theme", "Which theme?", null, 1, QUORUM,
                null);
        fixture.given(earlier, SOUTH_SOUTH, SOCIAL_CHANGE, LABOUR, votingOpened(4, QUORUM),
                       voted("PHL", "south-south"), voted("BRA", "social-change"), abstained("MEX"),
                       votingClosed(3, 1, QUORUM, true))
               .when(decide(RATIONALE, "social-change"), CHAIR_ACTOR.toMetaData())
               .expectEvents(decided(RATIONALE, "social-change"));
        fixture.given(earlier, SOUTH_SOUTH, SOCIAL_CHANGE, LABOUR, votingOpened(4, QUORUM),
                       voted("PHL", "south-south"), voted("BRA", "social-change"), abstained("MEX"),
                       votingClosed(3, 1, QUORUM, true))
               .when(new OpenRunoff(CONSULTATION), CHAIR_ACTOR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    // --- every rule and tie break on every kind of tally ------------------------------------------------------

    /** Four eligible states, a quorum of 3, one seat; "a" is south-south, "b" social-change, "c" labour-mobility. */
    static Stream<Arguments> rulesOnTallies() {
        BallotEvent[] clear = {voted("PHL", "south-south"), voted("BRA", "south-south"), voted("MEX", "social-change")};
        BallotEvent[] tie = {voted("PHL", "south-south"), voted("BRA", "social-change"), abstained("MEX")};
        BallotEvent[] abstentionsOnly = {abstained("PHL"), abstained("BRA"), abstained("MEX")};
        BallotEvent[] split = {voted("PHL", "south-south"), voted("BRA", "south-south"),
                voted("MEX", "social-change"), voted("ARG", "labour-mobility")};
        return Stream.of(
                arguments(PLURALITY, "a 2, b 1", clear, "ADOPTED"),
                arguments(SIMPLE, "a 2, b 1", clear, "ADOPTED"),
                arguments(TWO_THIRDS, "a 2, b 1", clear, "ADOPTED"),
                arguments(PLURALITY, "a 1, b 1, an abstention", tie, "TIE"),
                arguments(SIMPLE, "a 1, b 1, an abstention", tie, "NO_MAJORITY"),
                arguments(TWO_THIRDS, "a 1, b 1, an abstention", tie, "NO_MAJORITY"),
                arguments(PLURALITY, "abstentions only", abstentionsOnly, "TIE"),
                arguments(SIMPLE, "abstentions only", abstentionsOnly, "NO_MAJORITY"),
                arguments(TWO_THIRDS, "abstentions only", abstentionsOnly, "NO_MAJORITY"),
                arguments(PLURALITY, "a 2, b 1, c 1", split, "ADOPTED"),
                arguments(SIMPLE, "a 2, b 1, c 1", split, "NO_MAJORITY"),
                arguments(TWO_THIRDS, "a 2, b 1, c 1", split, "NO_MAJORITY"));
    }

    @ParameterizedTest(name = "{0} on {1} ({3}), the chair breaking ties")
    @MethodSource("rulesOnTallies")
    void theChairBreakingTiesDecidesTheAdoptedAsIsAndOtherwiseWithARationale(MajorityRule rule, String name,
                                                                             BallotEvent[] ballots,
                                                                             String status) {
        List<Object> closed = closedAfter(rule, CHAIR, ballots);
        if (status.equals("ADOPTED")) {
            fixture.given(closed)
                   .when(decide(null, "south-south"), CHAIR_ACTOR.toMetaData())
                   .expectEvents(decided(null, "south-south"));
        } else {
            fixture.given(closed)
                   .when(decide(null, "south-south"), CHAIR_ACTOR.toMetaData())
                   .expectException(violation(RATIONALE_REQUIRED))
                   .expectNoEvents();
            fixture.given(closed)
                   .when(decide(RATIONALE, "south-south"), CHAIR_ACTOR.toMetaData())
                   .expectEvents(decided(RATIONALE, "south-south"));
        }
        fixture.given(closed)
               .when(new OpenRunoff(CONSULTATION), CHAIR_ACTOR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    @ParameterizedTest(name = "{0} on {1} ({3}), a runoff breaking ties")
    @MethodSource("rulesOnTallies")
    void aRunoffTieBreakLeavesTheChairOnlyTheAdoptedOrARunoff(MajorityRule rule, String name,
                                                             BallotEvent[] ballots, String status) {
        List<Object> closed = closedAfter(rule, RUNOFF, ballots);
        if (status.equals("ADOPTED")) {
            fixture.given(closed)
                   .when(decide(null, "south-south"), CHAIR_ACTOR.toMetaData())
                   .expectEvents(decided(null, "south-south"));
            fixture.given(closed)
                   .when(new OpenRunoff(CONSULTATION), CHAIR_ACTOR.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        } else {
            fixture.given(closed)
                   .when(decide(RATIONALE, "south-south"), CHAIR_ACTOR.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
            fixture.given(closed)
                   .when(new OpenRunoff(CONSULTATION), CHAIR_ACTOR.toMetaData())
                   .expectEventsMatching(exactSequenceOf(messageWithPayload(instanceOf(RunoffOpened.class)),
                           andNoMore()));
        }
    }

    // --- the decision under the declared rule --------------------------------------------------------------

    @Test
    void whatADeclaredMajorityAdoptedIsTheDecision() {
        List<Object> adopted = closedAfter(SIMPLE, CHAIR, voted("PHL", "south-south"), voted("BRA", "south-south"),
                voted("MEX", "social-change"));
        fixture.given(adopted)
               .when(decide(null, "south-south"), CHAIR_ACTOR.toMetaData())
               .expectEvents(decided(null, "south-south"));
        fixture.given(adopted)
               .when(decide(RATIONALE, "social-change"), CHAIR_ACTOR.toMetaData())
               .expectException(violation(VALIDATION_FAILED))
               .expectNoEvents();
    }

    @Test
    void underPluralityTheChairMayStillDepartFromTheTopWithARationale() {
        List<Object> adopted = closedAfter(PLURALITY, CHAIR, voted("PHL", "south-south"),
                voted("BRA", "south-south"), voted("MEX", "social-change"));
        fixture.given(adopted)
               .when(decide(RATIONALE, "social-change"), CHAIR_ACTOR.toMetaData())
               .expectEvents(decided(RATIONALE, "social-change"));
        fixture.given(adopted)
               .when(decide(null, "social-change"), CHAIR_ACTOR.toMetaData())
               .expectException(violation(RATIONALE_REQUIRED))
               .expectNoEvents();
    }

    @Test
    void withoutAMajorityTheChairBreakingTiesDecidesWithARationale() {
        // 2 of 4 voting ballots fall short of two thirds
        List<Object> noMajority = closedAfter(TWO_THIRDS, CHAIR, voted("PHL", "south-south"),
                voted("BRA", "south-south"), voted("MEX", "social-change"), voted("ARG", "labour-mobility"));
        fixture.given(noMajority)
               .when(decide(null, "south-south"), CHAIR_ACTOR.toMetaData())
               .expectException(violation(RATIONALE_REQUIRED))
               .expectNoEvents();
        fixture.given(noMajority)
               .when(decide(RATIONALE, "social-change"), CHAIR_ACTOR.toMetaData())
               .expectEvents(decided(RATIONALE, "social-change"));
    }

    @Test
    void underATieTheChairBreakingTiesChoosesWithARationale() {
        List<Object> tie = closedAfter(PLURALITY, CHAIR, voted("PHL", "south-south"),
                voted("BRA", "social-change"), abstained("MEX"));
        fixture.given(tie)
               .when(decide(null, "south-south"), CHAIR_ACTOR.toMetaData())
               .expectException(violation(RATIONALE_REQUIRED))
               .expectNoEvents();
        fixture.given(tie)
               .when(decide(RATIONALE, "social-change"), CHAIR_ACTOR.toMetaData())
               .expectEvents(decided(RATIONALE, "social-change"));
    }

    @Test
    void underARunoffTieBreakTheChairDoesNotSettleATieOrALackOfMajority() {
        List<Object> tie = closedAfter(PLURALITY, RUNOFF, voted("PHL", "south-south"),
                voted("BRA", "social-change"), abstained("MEX"));
        List<Object> noMajority = closedAfter(SIMPLE, RUNOFF, voted("PHL", "south-south"),
                voted("BRA", "social-change"), voted("MEX", "labour-mobility"));
        for (List<Object> given : List.of(tie, noMajority)) {
            fixture.given(given)
                   .when(decide(RATIONALE, "south-south"), CHAIR_ACTOR.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void withoutTheQuorumTheChairDecidesWithARationaleWhateverTheRule() {
        List<Object> belowQuorum = closedAfter(SIMPLE, RUNOFF, voted("PHL", "south-south"),
                voted("BRA", "south-south"));
        fixture.given(belowQuorum)
               .when(decide(RATIONALE, "social-change"), CHAIR_ACTOR.toMetaData())
               .expectEvents(decided(RATIONALE, "social-change"));
        fixture.given(belowQuorum)
               .when(decide(null, "south-south"), CHAIR_ACTOR.toMetaData())
               .expectException(violation(RATIONALE_REQUIRED))
               .expectNoEvents();
    }

    // --- runoff rounds (rule 10) ---------------------------------------------------------------------------

    @Test
    void aRunoffAfterATieIsAmongTheTied() {
        fixture.given(closedAfter(PLURALITY, RUNOFF, voted("PHL", "south-south"), voted("BRA", "social-change"),
                       abstained("MEX")))
               .when(new OpenRunoff(CONSULTATION), CHAIR_ACTOR.toMetaData())
               .expectEvents(runoff(List.of("south-south", "social-change")));
    }

    @Test
    void aRunoffWithoutAMajorityIsAmongTheTopTwo() {
        fixture.given(closedAfter(SIMPLE, RUNOFF, voted("PHL", "south-south"), voted("BRA", "south-south"),
                       voted("MEX", "social-change"), voted("ARG", "labour-mobility")))
               .when(new OpenRunoff(CONSULTATION), CHAIR_ACTOR.toMetaData())
               .expectEvents(runoff(List.of("south-south", "social-change", "labour-mobility")));
        fixture.given(closedAfter(SIMPLE, RUNOFF, voted("PHL", "south-south"), voted("BRA", "south-south"),
                       voted("MEX", "social-change"), voted("ARG", "social-change"), voted("URY", "labour-mobility")))
               .when(new OpenRunoff(CONSULTATION), CHAIR_ACTOR.toMetaData())
               .expectEvents(runoff(List.of("south-south", "social-change")));
    }

    @Test
    void aRunoffIsOpenedOnlyByTheChairAfterAClosedRoundLeftOpenUnderARunoffTieBreak() {
        BallotEvent[] tie = {voted("PHL", "south-south"), voted("BRA", "social-change"), abstained("MEX")};
        fixture.given(closedAfter(PLURALITY, RUNOFF, tie))
               .when(new OpenRunoff(CONSULTATION), SECRETARIAT.toMetaData())
               .expectException(violation(FORBIDDEN))
               .expectNoEvents();
        List<Object> stillVoting = closedAfter(PLURALITY, RUNOFF, tie);
        stillVoting.remove(stillVoting.size() - 1);
        List<List<Object>> refused = List.of(stillVoting,
                closedAfter(PLURALITY, CHAIR, tie),
                closedAfter(SIMPLE, RUNOFF, voted("PHL", "south-south"), voted("BRA", "south-south"),
                        abstained("MEX")),
                withAll(closedAfter(PLURALITY, RUNOFF, tie), runoff(List.of("south-south", "social-change"))));
        for (List<Object> given : refused) {
            fixture.given(given)
                   .when(new OpenRunoff(CONSULTATION), CHAIR_ACTOR.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void runoffBallotsNameTheirRoundAndOnlyItsCandidates() {
        List<Object> secondRound = withAll(closedAfter(PLURALITY, RUNOFF, voted("PHL", "south-south"),
                voted("BRA", "social-change"), abstained("MEX")), runoff(List.of("south-south", "social-change")));
        fixture.given(secondRound)
               .when(new CastBallot(CONSULTATION, "PHL", List.of("social-change"), false, null), PHL.toMetaData())
               .expectEvents(new BallotCast(CONSULTATION, "PHL", List.of("social-change"), false, null,
                       Map.of("social-change", 1), 2));
        fixture.given(secondRound)
               .when(new CastBallot(CONSULTATION, "PHL", List.of("labour-mobility"), false, null), PHL.toMetaData())
               .expectException(violation(VALIDATION_FAILED))
               .expectNoEvents();
    }

    @Test
    void aRunoffThatEndsInAdoptionIsDecidedWithoutARationale() {
        List<Object> secondRoundClosed = withAll(closedAfter(SIMPLE, RUNOFF, voted("PHL", "south-south"),
                        voted("BRA", "social-change"), voted("MEX", "labour-mobility")),
                runoff(List.of("south-south", "social-change", "labour-mobility")),
                round2("PHL", "social-change"), round2("BRA", "social-change"), round2("MEX", "south-south"),
                votingClosed(3, 0, QUORUM, true));
        fixture.given(secondRoundClosed)
               .when(decide(null, "social-change"), CHAIR_ACTOR.toMetaData())
               .expectEvents(decided(null, "social-change"));
        fixture.given(secondRoundClosed)
               .when(new OpenRunoff(CONSULTATION), CHAIR_ACTOR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    private static CreateConsultation create(Procedure procedure, MajorityRule majority, TieBreak tieBreak,
                                             Procedure fallback) {
        return new CreateConsultation(CONSULTATION, "Theme", "Which theme?", null, 1, QUORUM, null, procedure,
                majority, tieBreak, fallback);
    }

    private static ConsultationCreated created(Procedure procedure, MajorityRule majority, TieBreak tieBreak,
                                               Procedure fallback) {
        return new ConsultationCreated(CONSULTATION, "Theme", "Which theme?", null, 1, QUORUM, null, procedure,
                majority, tieBreak, fallback);
    }

    /** A closed first round on three active proposals, one seat, under the declared rule and tie break. */
    private static List<Object> closedAfter(MajorityRule majority, TieBreak tieBreak, BallotEvent... ballots) {
        return ConsultationFixtures.closedAfter(List.of(created(Procedure.RECORDED_VOTE, majority, tieBreak, null),
                SOUTH_SOUTH, SOCIAL_CHANGE, LABOUR, votingOpened(4, QUORUM)), QUORUM, ballots);
    }

    private static List<Object> withAll(List<Object> events, Object... more) {
        List<Object> all = new ArrayList<>(events);
        all.addAll(List.of(more));
        return all;
    }

    private static RunoffOpened runoff(List<String> candidates) {
        return new RunoffOpened(CONSULTATION, 2, candidates, List.of(), 4, QUORUM);
    }

    private static BallotCast round2(String memberState, String choice) {
        return new BallotCast(CONSULTATION, memberState, List.of(choice), false, null, Map.of(choice, 1), 2);
    }

}
