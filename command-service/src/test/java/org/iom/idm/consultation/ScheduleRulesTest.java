package org.iom.idm.consultation;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.consultation.ConsultationCommands.CancelConsultation;
import org.iom.idm.consultation.ConsultationCommands.ChangeSchedule;
import org.iom.idm.consultation.ConsultationCommands.CloseVoting;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationEvent.CommentsClosed;
import org.iom.idm.consultation.ConsultationEvent.ConsultationScheduled;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationFixtures.Consultations;
import org.iom.idm.consultation.ConsultationFixtures.MemberStates;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalCommands.AddComment;
import org.iom.idm.proposal.ProposalCommands.EditComment;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.iom.idm.consultation.ConsultationFixtures.CHAIR;
import static org.iom.idm.consultation.ConsultationFixtures.CONSULTATION;
import static org.iom.idm.consultation.ConsultationFixtures.OBSERVER;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.actedBySystem;
import static org.iom.idm.consultation.ConsultationFixtures.as;
import static org.iom.idm.consultation.ConsultationFixtures.refusal;
import static org.iom.idm.consultation.ConsultationFixtures.SECRETARIAT;
import static org.iom.idm.consultation.ConsultationFixtures.consultationFixture;
import static org.iom.idm.consultation.ConsultationFixtures.created;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.consultation.ConsultationFixtures.votingClosed;
import static org.iom.idm.consultation.ConsultationFixtures.votingOpened;
import static org.iom.idm.consultation.Timetable.COMMENTS_CLOSE;
import static org.iom.idm.consultation.Timetable.VOTING_CLOSES;
import static org.iom.idm.consultation.Timetable.VOTING_OPENS;
import static org.iom.idm.membership.VotingRights.ACTIVE;
import static org.iom.idm.rule.RefusalCode.COMMENTS_CLOSED;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;
import static org.iom.idm.rule.RefusalCode.INSTANT_PASSED;
import static org.iom.idm.rule.RefusalCode.VALIDATION_FAILED;
import static org.iom.idm.rule.RefusalCode.WRONG_PHASE;

/**
 * CONTRACT §8, schedule: instants set at creation or changed later act by themselves, exactly once, as the system;
 * a hand action first cancels its deadline; a deadline that can no longer act does nothing.
 */
class ScheduleRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant COMMENTS_CLOSE_AT = NOW.plus(Duration.ofHours(1));
    private static final Instant OPENS_AT = NOW.plus(Duration.ofHours(2));
    private static final Instant CLOSES_AT = NOW.plus(Duration.ofHours(3));
    private static final Schedule SCHEDULE = new Schedule(COMMENTS_CLOSE_AT, OPENS_AT, CLOSES_AT);

    /** A fixture of its own for each scenario: the fixture's deadline manager keeps its deadlines and its time. */
    private static FixtureConfiguration<Consultation> fixture() {
        return consultationFixture(new MemberStates().with("PHL", ACTIVE).with("BRA", ACTIVE).with("MEX", ACTIVE),
                new Consultations());
    }

    @Test
    void aScheduleSetAtCreationSchedulesOneDeadlinePerInstantForTheSystem() {
        fixture().givenCurrentTime(NOW)
               .when(create(SCHEDULE), SECRETARIAT.toMetaData())
               .expectEvents(created(), scheduled(SCHEDULE))
               .expectScheduledDeadlineWithName(COMMENTS_CLOSE_AT, COMMENTS_CLOSE)
               .expectScheduledDeadlineWithName(OPENS_AT, VOTING_OPENS)
               .expectScheduledDeadlineMatching(CLOSES_AT, actedBySystem(VOTING_CLOSES));
    }

    @Test
    void aConsultationWithoutScheduleSchedulesNothing() {
        fixture().givenCurrentTime(NOW)
               .when(create(Schedule.NONE), SECRETARIAT.toMetaData())
               .expectEvents(created())
               .expectNoScheduledDeadlines();
    }

    @Test
    void everyInstantOfANewScheduleIsInTheFuture() {
        refusedAtCreation(new Schedule(NOW, null, null), VALIDATION_FAILED, "schedule.commentsCloseAt");
        refusedAtCreation(new Schedule(null, NOW.minusSeconds(1), null), VALIDATION_FAILED, "schedule.votingOpensAt");
        refusedAtCreation(new Schedule(null, null, NOW), VALIDATION_FAILED, "schedule.votingClosesAt");
    }

    /** The deadline manager's scheduler cannot keep such an instant: the action would happen at once. */
    @Test
    void noInstantLiesBeyondTheYear9999() {
        refusedAtCreation(new Schedule(Instant.parse("+10000-01-01T00:00:00Z"), null, null), VALIDATION_FAILED,
                "schedule.commentsCloseAt");
        refusedAtCreation(new Schedule(null, null, Instant.MAX), VALIDATION_FAILED, "schedule.votingClosesAt");
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .when(new ChangeSchedule(CONSULTATION, new Schedule(COMMENTS_CLOSE_AT, OPENS_AT, Instant.MAX)),
                       CHAIR.toMetaData())
               .expectException(refusal(VALIDATION_FAILED, "votingClosesAt"))
               .expectNoEvents();
    }

    @Test
    void votingOpensBeforeItClosesAndCommentsCloseNoLaterThanVotingOpens() {
        refusedAtCreation(new Schedule(null, CLOSES_AT, CLOSES_AT), VALIDATION_FAILED, "schedule.votingClosesAt");
        refusedAtCreation(new Schedule(null, CLOSES_AT, OPENS_AT), VALIDATION_FAILED, "schedule.votingClosesAt");
        refusedAtCreation(new Schedule(CLOSES_AT, OPENS_AT, null), VALIDATION_FAILED, "schedule.commentsCloseAt");
        fixture().givenCurrentTime(NOW)
               .when(create(new Schedule(OPENS_AT, OPENS_AT, null)), SECRETARIAT.toMetaData())
               .expectEvents(created(), scheduled(new Schedule(OPENS_AT, OPENS_AT, null)));
    }

    @Test
    void atItsInstantsTheSystemClosesCommentsThenOpensAndClosesVoting() {
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .whenThenTimeAdvancesTo(CLOSES_AT)
               .expectTriggeredDeadlinesWithName(COMMENTS_CLOSE, VOTING_OPENS, VOTING_CLOSES)
               .expectEvents(new CommentsClosed(CONSULTATION), votingOpened(3, 2), votingClosed(0, 0, 2, false));
    }

    @Test
    void eachDeadlineActsOnlyAtItsInstant() {
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .whenThenTimeAdvancesTo(OPENS_AT.minusSeconds(1))
               .expectTriggeredDeadlinesWithName(COMMENTS_CLOSE)
               .expectEvents(new CommentsClosed(CONSULTATION));
    }

    @Test
    void afterCommentsCloseNoCommentIsAddedOrEdited() {
        CommentAdded comment = new CommentAdded(CONSULTATION, "south-south", "c-1", "delegate-phl", "PHL",
                "A timely theme.", null);
        fixture().given(created(), scheduled(SCHEDULE), ConsultationFixtures.submitted("south-south",
                        "South-South Migration", "ADMINISTRATION"), comment, new CommentsClosed(CONSULTATION))
               .when(new AddComment(CONSULTATION, "south-south", "c-2", "Too late?", null), PHL.toMetaData())
               .expectException(violation(COMMENTS_CLOSED))
               .expectNoEvents();
        fixture().given(created(), scheduled(SCHEDULE), ConsultationFixtures.submitted("south-south",
                        "South-South Migration", "ADMINISTRATION"), comment, new CommentsClosed(CONSULTATION))
               .when(new EditComment(CONSULTATION, "south-south", "c-1", "Edited."), PHL.toMetaData())
               .expectException(violation(COMMENTS_CLOSED))
               .expectNoEvents();
    }

    @Test
    void theChairOpeningOrClosingByHandFirstCancelsThatDeadline() {
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .when(new OpenVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingOpened(3, 2))
               .expectNoScheduledDeadlineWithName(OPENS_AT, VOTING_OPENS)
               .expectScheduledDeadlineWithName(CLOSES_AT, VOTING_CLOSES);
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .andGivenCommands(as(CHAIR, new OpenVoting(CONSULTATION)))
               .when(new CloseVoting(CONSULTATION), CHAIR.toMetaData())
               .expectEvents(votingClosed(0, 0, 2, false))
               .expectNoScheduledDeadlineWithName(CLOSES_AT, VOTING_CLOSES);
    }

    @Test
    void aDeadlineWhoseActionIsNoLongerPossibleDoesNothing() {
        // cancelled
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .andGivenCommands(as(SECRETARIAT, new CancelConsultation(CONSULTATION, "postponed")))
               .whenThenTimeAdvancesTo(CLOSES_AT)
               .expectTriggeredDeadlinesWithName(COMMENTS_CLOSE, VOTING_OPENS, VOTING_CLOSES)
               .expectNoEvents();
        // too few proposals to open voting, so voting cannot close either
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(as(SECRETARIAT, create(new Schedule(null, OPENS_AT, CLOSES_AT))))
               .whenThenTimeAdvancesTo(CLOSES_AT)
               .expectTriggeredDeadlinesWithName(VOTING_OPENS, VOTING_CLOSES)
               .expectNoEvents();
    }

    @Test
    void aDeadlineForAnInstantTheScheduleNoLongerHasDoesNothing() {
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .andGiven(scheduled(new Schedule(COMMENTS_CLOSE_AT, CLOSES_AT, CLOSES_AT.plusSeconds(60))))
               .whenThenTimeAdvancesTo(OPENS_AT)
               .expectTriggeredDeadlinesWithName(COMMENTS_CLOSE, VOTING_OPENS)
               .expectEvents(new CommentsClosed(CONSULTATION));
    }

    @Test
    void theSecretariatOrTheChairChangesTheScheduleAndItsDeadlinesAreScheduledAnew() {
        Instant later = OPENS_AT.plus(Duration.ofMinutes(30));
        Schedule changed = new Schedule(COMMENTS_CLOSE_AT, later, CLOSES_AT);
        for (Actor actor : List.of(SECRETARIAT, CHAIR)) {
            fixture().givenCurrentTime(NOW)
                   .andGivenCommands(withTwoProposals(SCHEDULE))
                   .when(new ChangeSchedule(CONSULTATION, changed), actor.toMetaData())
                   .expectEvents(scheduled(changed))
                   .expectNoScheduledDeadlineWithName(OPENS_AT, VOTING_OPENS)
                   .expectScheduledDeadlineMatching(later, actedBySystem(VOTING_OPENS))
                   .expectScheduledDeadlineWithName(COMMENTS_CLOSE_AT, COMMENTS_CLOSE)
                   .expectScheduledDeadlineWithName(CLOSES_AT, VOTING_CLOSES);
        }
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .when(new ChangeSchedule(CONSULTATION, SCHEDULE), CHAIR.toMetaData())
               .expectNoEvents();
    }

    @Test
    void onlyTheSecretariatOrTheChairChangesTheSchedule() {
        for (Actor actor : List.of(PHL, OBSERVER)) {
            fixture().given(created(), scheduled(SCHEDULE))
                   .when(new ChangeSchedule(CONSULTATION, Schedule.NONE), actor.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void anInstantThatPassedOrActedCannotChange() {
        Schedule moved = new Schedule(COMMENTS_CLOSE_AT.plusSeconds(60), OPENS_AT, CLOSES_AT);
        // passed, though its deadline has not acted yet (no instance ran, or it is about to)
        fixture().givenCurrentTime(COMMENTS_CLOSE_AT.plusSeconds(1))
               .andGiven(created(), scheduled(SCHEDULE))
               .when(new ChangeSchedule(CONSULTATION, moved), CHAIR.toMetaData())
               .expectException(refusal(INSTANT_PASSED, "commentsCloseAt"))
               .expectNoEvents();
        // the chair opened voting by hand: its instant is acted on, though not passed
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .andGivenCommands(as(CHAIR, new OpenVoting(CONSULTATION)))
               .when(new ChangeSchedule(CONSULTATION, new Schedule(COMMENTS_CLOSE_AT, null, CLOSES_AT)),
                       SECRETARIAT.toMetaData())
               .expectException(refusal(INSTANT_PASSED, "votingOpensAt"))
               .expectNoEvents();
    }

    @Test
    void aChangedInstantIsInTheFutureAndInOrder() {
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .when(new ChangeSchedule(CONSULTATION, new Schedule(COMMENTS_CLOSE_AT, NOW, CLOSES_AT)),
                       CHAIR.toMetaData())
               .expectException(refusal(VALIDATION_FAILED, "votingOpensAt"))
               .expectNoEvents();
        fixture().givenCurrentTime(NOW)
               .andGivenCommands(withTwoProposals(SCHEDULE))
               .when(new ChangeSchedule(CONSULTATION, new Schedule(COMMENTS_CLOSE_AT, OPENS_AT, OPENS_AT)),
                       CHAIR.toMetaData())
               .expectException(refusal(VALIDATION_FAILED, "votingClosesAt"))
               .expectNoEvents();
    }

    @Test
    void aScheduleChangesOnlyWhileOpenOrVoting() {
        fixture().given(created(), scheduled(SCHEDULE), votingOpened(3, 2), votingClosed(0, 0, 2, false))
               .when(new ChangeSchedule(CONSULTATION, Schedule.NONE), CHAIR.toMetaData())
               .expectException(violation(WRONG_PHASE))
               .expectNoEvents();
    }

    @Test
    void aRunoffRoundClosesAtAnInstantSetForItWhenTheFirstRoundsClosingInstantHasActed() {
        Instant runoffClosesAt = CLOSES_AT.plus(Duration.ofDays(1));
        RunoffOpened runoff = new RunoffOpened(CONSULTATION, 2, List.of("south-south", "social-change"), List.of(),
                3, 2);
        fixture().givenCurrentTime(CLOSES_AT.plusSeconds(60))
               .andGiven(created(), scheduled(SCHEDULE), votingOpened(3, 2), votingClosed(2, 0, 2, true), runoff)
               .when(new ChangeSchedule(CONSULTATION, new Schedule(COMMENTS_CLOSE_AT, OPENS_AT, runoffClosesAt)),
                       CHAIR.toMetaData())
               .expectEvents(scheduled(new Schedule(COMMENTS_CLOSE_AT, OPENS_AT, runoffClosesAt)))
               .expectScheduledDeadlineMatching(runoffClosesAt, actedBySystem(VOTING_CLOSES));
    }

    private void refusedAtCreation(Schedule schedule, RefusalCode code, String field) {
        fixture().givenCurrentTime(NOW)
               .when(create(schedule), SECRETARIAT.toMetaData())
               .expectException(refusal(code, field))
               .expectNoEvents()
               .expectNoScheduledDeadlines();
    }

    private static CreateConsultation create(Schedule schedule) {
        return new CreateConsultation(CONSULTATION, "Overarching theme for IDM 2010",
                "Which overarching theme for IDM 2010?", null, 1, null, null, schedule);
    }

    private static ConsultationScheduled scheduled(Schedule schedule) {
        return new ConsultationScheduled(CONSULTATION, schedule);
    }

    private static List<CommandMessage<?>> withTwoProposals(Schedule schedule) {
        return List.of(as(SECRETARIAT, create(schedule)),
                as(SECRETARIAT, new SubmitProposal(CONSULTATION, "south-south", "South-South Migration", "Why")),
                as(SECRETARIAT, new SubmitProposal(CONSULTATION, "social-change", "Migration and Social Change",
                        "Why")));
    }
}
