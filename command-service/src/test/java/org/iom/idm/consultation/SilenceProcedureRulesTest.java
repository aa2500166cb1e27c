package org.iom.idm.consultation;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.consultation.ConsultationCommands.BreakSilence;
import org.iom.idm.consultation.ConsultationCommands.CancelConsultation;
import org.iom.idm.consultation.ConsultationCommands.ChangeSchedule;
import org.iom.idm.consultation.ConsultationCommands.CirculateDraft;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.SilenceBroken;
import org.iom.idm.consultation.ConsultationFixtures.Consultations;
import org.iom.idm.consultation.ConsultationFixtures.MemberStates;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalCommands.AddComment;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.iom.idm.consultation.Circulation.SILENCE_DEADLINE;
import static org.iom.idm.consultation.ConsultationFixtures.BRA;
import static org.iom.idm.consultation.ConsultationFixtures.CHAIR;
import static org.iom.idm.consultation.ConsultationFixtures.CONSULTATION;
import static org.iom.idm.consultation.ConsultationFixtures.OBSERVER;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.SECRETARIAT;
import static org.iom.idm.consultation.ConsultationFixtures.actedBySystem;
import static org.iom.idm.consultation.ConsultationFixtures.as;
import static org.iom.idm.consultation.ConsultationFixtures.consultationFixture;
import static org.iom.idm.consultation.ConsultationFixtures.delegate;
import static org.iom.idm.consultation.ConsultationFixtures.decided;
import static org.iom.idm.consultation.ConsultationFixtures.refusal;
import static org.iom.idm.consultation.ConsultationFixtures.submitted;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.consultation.ConsultationFixtures.votingOpened;
import static org.iom.idm.consultation.ConsultationFixtures.withdrawn;
import static org.iom.idm.membership.VotingRights.ACTIVE;
import static org.iom.idm.membership.VotingRights.SUSPENDED;
import static org.iom.idm.rule.RefusalCode.ALREADY_EXISTS;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;
import static org.iom.idm.rule.RefusalCode.INSTANT_PASSED;
import static org.iom.idm.rule.RefusalCode.PROPOSAL_WITHDRAWN;
import static org.iom.idm.rule.RefusalCode.VALIDATION_FAILED;
import static org.iom.idm.rule.RefusalCode.VOTING_RIGHTS_SUSPENDED;
import static org.iom.idm.rule.RefusalCode.WRONG_PHASE;

/**
 * CONTRACT §8 rule 8: a draft decision circulates with a deadline; a state with voting rights breaks silence with
 * a reason; unbroken at the deadline the draft is the decision, by the system; after a break the chair
 * re-circulates or, where declared, falls back to a recorded vote. Four states; MEX's voting rights are suspended.
 */
class SilenceProcedureRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant DEADLINE = NOW.plus(Duration.ofDays(3));
    private static final Instant LATER_DEADLINE = DEADLINE.plus(Duration.ofDays(2));
    private static final String TEXT = "The Council selects South-South Migration as the overarching theme.";
    private static final String REASON = "We cannot join a consensus before our capital has been consulted.";
    private static final ConsultationCreated BY_SILENCE = created(null);
    private static final ConsultationCreated FALLING_BACK_TO_A_VOTE = created(Procedure.RECORDED_VOTE);

    /** A fixture of its own for each scenario: the fixture's deadline manager keeps its deadlines and its time. */
    private static FixtureConfiguration<Consultation> fixture() {
        return consultationFixture(new MemberStates().with("PHL", ACTIVE).with("BRA", ACTIVE)
                .with("ARG", ACTIVE).with("MEX", SUSPENDED), new Consultations());
    }

    // --- circulating ---------------------------------------------------------------------------------------

    @Test
    void theChairCirculatesADraftWhoseDeadlineTheSystemKeeps() {
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(silenceWithTwoProposals(null))
               .when(circulate(DEADLINE, "south-south"), CHAIR.toMetaData())
               .expectEvents(circulated(1, DEADLINE, "south-south"))
               .expectScheduledDeadlineMatching(DEADLINE, actedBySystem(SILENCE_DEADLINE));
    }

    @Test
    void onlyTheChairCirculatesADraft() {
        for (Actor actor : List.of(SECRETARIAT, PHL, OBSERVER)) {
            fixture().givenCurrentTime(NOW)
                   .andGiven(BY_SILENCE, southSouth(), socialChange())
                   .when(circulate(DEADLINE, "south-south"), actor.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents()
                   .expectNoScheduledDeadlines();
        }
    }

    @Test
    void aConsultationDecidingByRecordedVoteCirculatesNoDraft() {
        fixture().givenCurrentTime(NOW)
               .andGiven(ConsultationFixtures.created(), southSouth())
               .when(circulate(DEADLINE, "south-south"), CHAIR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    @Test
    void aDraftSelectsExactlyTheSeatsAmongActiveProposalsWithATextAndAFutureDeadline() {
        refusedDraft(circulate(DEADLINE), refusal(VALIDATION_FAILED, "selected"));
        refusedDraft(circulate(DEADLINE, "south-south", "social-change"), refusal(VALIDATION_FAILED, "selected"));
        refusedDraft(new CirculateDraft(CONSULTATION, List.of("south-south"), " ", DEADLINE),
                refusal(VALIDATION_FAILED, "text"));
        refusedDraft(new CirculateDraft(CONSULTATION, List.of("south-south"), "x".repeat(5001), DEADLINE),
                refusal(VALIDATION_FAILED, "text"));
        refusedDraft(circulate(NOW, "south-south"), refusal(VALIDATION_FAILED, "deadline"));
        refusedDraft(circulate(Instant.parse("+10000-01-01T00:00:00Z"), "south-south"),
                refusal(VALIDATION_FAILED, "deadline"));
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), socialChange(), withdrawn("social-change"))
               .when(circulate(DEADLINE, "social-change"), CHAIR.toMetaData())
               .expectException(violation(PROPOSAL_WITHDRAWN))
               .expectNoEvents();
    }

    @Test
    void aDraftInCirculationIsNotReplacedBeforeItsDeadline() {
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), socialChange(), circulated(1, DEADLINE, "south-south"))
               .when(circulate(LATER_DEADLINE, "social-change"), CHAIR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    @Test
    void whileADraftCirculatesProposalsStayAsCirculatedAndStatesStillComment() {
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), socialChange(), circulated(1, DEADLINE, "south-south"))
               .when(new SubmitProposal(CONSULTATION, "labour", "Labour Mobility", "Why"), PHL.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), socialChange(), circulated(1, DEADLINE, "south-south"))
               .when(new AddComment(CONSULTATION, "south-south", "c-1", "We support the draft.", null),
                       PHL.toMetaData())
               .expectEvents(new CommentAdded(CONSULTATION, "south-south", "c-1", "delegate-phl", "PHL",
                       "We support the draft.", null));
    }

    // --- the deadline --------------------------------------------------------------------------------------

    @Test
    void unbrokenAtTheDeadlineTheDraftBecomesTheDecision() {
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(circulatedBySilence(DEADLINE, "south-south"))
               .whenThenTimeAdvancesTo(DEADLINE)
               .expectTriggeredDeadlinesWithName(SILENCE_DEADLINE)
               .expectEvents(decided(null, "south-south"));
    }

    @Test
    void theDeadlineDoesNotActBeforeItsInstant() {
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(circulatedBySilence(DEADLINE, "south-south"))
               .whenThenTimeAdvancesTo(DEADLINE.minusSeconds(1))
               .expectNoEvents();
    }

    @Test
    void aBrokenSilenceLeavesTheDraftUndecidedAtTheDeadline() {
        List<CommandMessage<?>> broken = new ArrayList<>(circulatedBySilence(DEADLINE, "south-south"));
        broken.add(as(PHL, new BreakSilence(CONSULTATION, REASON)));
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(broken)
               .whenThenTimeAdvancesTo(DEADLINE.plusSeconds(1))
               .expectTriggeredDeadlinesWithName(SILENCE_DEADLINE)
               .expectNoEvents();
    }

    @Test
    void aCancelledConsultationDecidesNothingAtTheDeadline() {
        List<CommandMessage<?>> cancelled = new ArrayList<>(circulatedBySilence(DEADLINE, "south-south"));
        cancelled.add(as(SECRETARIAT, new CancelConsultation(CONSULTATION, "The Council meets in person.")));
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(cancelled)
               .whenThenTimeAdvancesTo(DEADLINE)
               .expectNoEvents();
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), circulated(1, DEADLINE, "south-south"))
               .when(new CancelConsultation(CONSULTATION, "The Council meets in person."),
                       SECRETARIAT.toMetaData())
               .expectEvents(new ConsultationCancelled(CONSULTATION, Phase.CIRCULATED,
                       "The Council meets in person."));
    }

    // --- breaking silence ----------------------------------------------------------------------------------

    @Test
    void aStateWithVotingRightsBreaksSilenceWithAReason() {
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), circulated(1, DEADLINE, "south-south"))
               .when(new BreakSilence(CONSULTATION, REASON), PHL.toMetaData())
               .expectEvents(new SilenceBroken(CONSULTATION, 1, "PHL", REASON));
    }

    @Test
    void afterOneBreakAnotherStateMayStillBreakSilenceButNoStateTwice() {
        SilenceBroken byPhilippines = new SilenceBroken(CONSULTATION, 1, "PHL", REASON);
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), circulated(1, DEADLINE, "south-south"), byPhilippines)
               .when(new BreakSilence(CONSULTATION, "Brazil joins the Philippines."), BRA.toMetaData())
               .expectEvents(new SilenceBroken(CONSULTATION, 1, "BRA", "Brazil joins the Philippines."));
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), circulated(1, DEADLINE, "south-south"), byPhilippines)
               .when(new BreakSilence(CONSULTATION, REASON), PHL.toMetaData())
               .expectException(violation(ALREADY_EXISTS))
               .expectNoEvents();
    }

    @Test
    void onlyADelegateBreaksSilence() {
        for (Actor actor : List.of(CHAIR, SECRETARIAT, OBSERVER)) {
            fixture().givenCurrentTime(NOW)
                   .andGiven(BY_SILENCE, southSouth(), circulated(1, DEADLINE, "south-south"))
                   .when(new BreakSilence(CONSULTATION, REASON), actor.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void aStateWhoseVotingRightsAreSuspendedDoesNotBreakSilence() {
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), circulated(1, DEADLINE, "south-south"))
               .when(new BreakSilence(CONSULTATION, REASON), delegate("MEX").toMetaData())
               .expectException(violation(VOTING_RIGHTS_SUSPENDED))
               .expectNoEvents();
    }

    @Test
    void silenceIsBrokenOnlyWithAReasonBeforeTheDeadlineWhileADraftCirculates() {
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), circulated(1, DEADLINE, "south-south"))
               .when(new BreakSilence(CONSULTATION, " "), PHL.toMetaData())
               .expectException(refusal(VALIDATION_FAILED, "reason"))
               .expectNoEvents();
        // passed, though its deadline has not acted yet (no instance ran, or it is about to)
        fixture().givenCurrentTime(DEADLINE)
               .andGiven(BY_SILENCE, southSouth(), circulated(1, DEADLINE, "south-south"))
               .when(new BreakSilence(CONSULTATION, REASON), PHL.toMetaData())
               .expectException(violation(INSTANT_PASSED))
               .expectNoEvents();
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth())
               .when(new BreakSilence(CONSULTATION, REASON), PHL.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    // --- after a break -------------------------------------------------------------------------------------

    @Test
    void afterABreakTheChairReCirculatesARevisedDraftWithANewDeadline() {
        List<CommandMessage<?>> broken = new ArrayList<>(circulatedBySilence(DEADLINE, "south-south"));
        broken.add(as(PHL, new BreakSilence(CONSULTATION, REASON)));
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(broken)
               .when(circulate(LATER_DEADLINE, "social-change"), CHAIR.toMetaData())
               .expectEvents(circulated(2, LATER_DEADLINE, "social-change"))
               .expectNoScheduledDeadlineWithName(DEADLINE, SILENCE_DEADLINE)
               .expectScheduledDeadlineMatching(LATER_DEADLINE, actedBySystem(SILENCE_DEADLINE));
    }

    @Test
    void aReCirculatedDraftUnbrokenAtItsDeadlineIsTheDecision() {
        List<CommandMessage<?>> reCirculated = new ArrayList<>(circulatedBySilence(DEADLINE, "south-south"));
        reCirculated.add(as(PHL, new BreakSilence(CONSULTATION, REASON)));
        reCirculated.add(as(CHAIR, circulate(LATER_DEADLINE, "social-change")));
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(reCirculated)
               .whenThenTimeAdvancesTo(LATER_DEADLINE)
               .expectEvents(decided(null, "social-change"));
    }

    @Test
    void thePhilippinesMayBreakSilenceAgainOnARevisedDraft() {
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), socialChange(), circulated(1, DEADLINE, "south-south"),
                       new SilenceBroken(CONSULTATION, 1, "PHL", REASON),
                       circulated(2, LATER_DEADLINE, "social-change"))
               .when(new BreakSilence(CONSULTATION, "Still not."), PHL.toMetaData())
               .expectEvents(new SilenceBroken(CONSULTATION, 2, "PHL", "Still not."));
    }

    @Test
    void afterABreakTheChairFallsBackToAVoteOnlyWhereTheConsultationDeclaredIt() {
        fixture().givenCurrentTime(NOW)
               .andGiven(FALLING_BACK_TO_A_VOTE, southSouth(), socialChange(),
                       circulated(1, DEADLINE, "south-south"), new SilenceBroken(CONSULTATION, 1, "PHL", REASON))
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingOpened(3, 2));
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), socialChange(), circulated(1, DEADLINE, "south-south"),
                       new SilenceBroken(CONSULTATION, 1, "PHL", REASON))
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
        fixture().givenCurrentTime(NOW)
               .andGiven(FALLING_BACK_TO_A_VOTE, southSouth(), socialChange(),
                       circulated(1, DEADLINE, "south-south"))
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    @Test
    void aSilenceProcedureHasNoScheduledVotingWindow() {
        fixture().givenCurrentTime(NOW)
               .when(create(Procedure.RECORDED_VOTE, new Schedule(null, DEADLINE, null)), SECRETARIAT.toMetaData())
               .expectException(refusal(VALIDATION_FAILED, "schedule.votingOpensAt"))
               .expectNoEvents();
        fixture().givenCurrentTime(NOW)
               .when(create(Procedure.RECORDED_VOTE, new Schedule(null, null, DEADLINE)), SECRETARIAT.toMetaData())
               .expectException(refusal(VALIDATION_FAILED, "schedule.votingClosesAt"))
               .expectNoEvents();
        fixture().givenCurrentTime(NOW)
               .andGiven(FALLING_BACK_TO_A_VOTE, southSouth())
               .when(new ChangeSchedule(CONSULTATION, new Schedule(null, DEADLINE, null)), CHAIR.toMetaData())
               .expectException(refusal(VALIDATION_FAILED, "votingOpensAt"))
               .expectNoEvents();
    }

    @Test
    void aFallbackVoteMayBeScheduledToCloseOnceItIsOpen() {
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(circulatedBySilence(DEADLINE, "south-south"))
               .andGivenCommands(as(PHL, new BreakSilence(CONSULTATION, REASON)), as(CHAIR,
                       new OpenVoting(CONSULTATION)))
               .when(new ChangeSchedule(CONSULTATION, new Schedule(null, null, LATER_DEADLINE)), CHAIR.toMetaData())
               .expectEvents(new ConsultationEvent.ConsultationScheduled(CONSULTATION,
                       new Schedule(null, null, LATER_DEADLINE)))
               .expectScheduledDeadlineMatching(LATER_DEADLINE, actedBySystem(Timetable.VOTING_CLOSES));
    }

    private void refusedDraft(CirculateDraft command, org.hamcrest.Matcher<?> refusal) {
        fixture().givenCurrentTime(NOW)
               .andGiven(BY_SILENCE, southSouth(), socialChange())
               .when(command, CHAIR.toMetaData())
               .expectException(refusal)
               .expectNoEvents()
               .expectNoScheduledDeadlines();
    }

    private static ConsultationCreated created(Procedure fallback) {
        return new ConsultationCreated(CONSULTATION, "Overarching theme for IDM 2010",
                "Which overarching theme for IDM 2010?", null, 1, null, null, Procedure.SILENCE, null, null,
                fallback);
    }

    private static CreateConsultation create(Procedure fallback, Schedule schedule) {
        return new CreateConsultation(CONSULTATION, "Overarching theme for IDM 2010",
                "Which overarching theme for IDM 2010?", null, 1, null, null, Procedure.SILENCE, null, null,
                fallback, schedule);
    }

    private static List<CommandMessage<?>> silenceWithTwoProposals(Procedure fallback) {
        return List.of(as(SECRETARIAT, create(fallback, Schedule.NONE)),
                as(SECRETARIAT, new SubmitProposal(CONSULTATION, "south-south", "South-South Migration", "Why")),
                as(SECRETARIAT, new SubmitProposal(CONSULTATION, "social-change", "Migration and Social Change",
                        "Why")));
    }

    private static List<CommandMessage<?>> circulatedBySilence(Instant deadline, String... selected) {
        List<CommandMessage<?>> commands = new ArrayList<>(silenceWithTwoProposals(Procedure.RECORDED_VOTE));
        commands.add(as(CHAIR, circulate(deadline, selected)));
        return commands;
    }

    private static CirculateDraft circulate(Instant deadline, String... selected) {
        return new CirculateDraft(CONSULTATION, List.of(selected), TEXT, deadline);
    }

    private static DraftCirculated circulated(int circulation, Instant deadline, String... selected) {
        return new DraftCirculated(CONSULTATION, circulation, List.of(selected), TEXT, deadline);
    }

    private static Object southSouth() {
        return submitted("south-south", "South-South Migration", Proposer.ADMINISTRATION);
    }

    private static Object socialChange() {
        return submitted("social-change", "Migration and Social Change", Proposer.ADMINISTRATION);
    }
}
