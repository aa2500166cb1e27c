package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonBackReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.GenericMessage;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.consultation.ConsultationCommands.ChangeSchedule;
import org.iom.idm.consultation.ConsultationEvent.CommentsClosed;
import org.iom.idm.consultation.ConsultationEvent.ConsultationScheduled;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §8, schedule: the instants at which the system acts by itself on its consultation, each through a
 * deadline of Axon's deadline manager that this consultation schedules, and that a change of the schedule cancels
 * and schedules anew. Closing comments is its own action; opening and closing voting are the consultation's.
 * A deadline acts only if it is still due: its instant is still the schedule's and its action has not happened.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Timetable {

    static final String COMMENTS_CLOSE = "commentsCloseAt";
    static final String VOTING_OPENS = "votingOpensAt";
    static final String VOTING_CLOSES = "votingClosesAt";

    private static final String SILENCE_HAS_NO_WINDOW = "a silence procedure has no voting window: a draft's "
            + "deadline is set as it circulates, and a fallback vote's close once it opens";
    private static final Logger LOG = LoggerFactory.getLogger(Timetable.class);
    /** The latest instant a deadline can be set for. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** A scheduled action: its deadline's name is the schedule's field. */
    enum Step {
        CLOSE_COMMENTS(COMMENTS_CLOSE, Schedule::commentsCloseAt),
        OPEN_VOTING(VOTING_OPENS, Schedule::votingOpensAt),
        CLOSE_VOTING(VOTING_CLOSES, Schedule::votingClosesAt);

        private final String field;
        private final Function<Schedule, Instant> instant;

        Step(String field, Function<Schedule, Instant> instant) {
            this.field = field;
            this.instant = instant;
        }

        String field() {
            return field;
        }

        Instant in(Schedule schedule) {
            return instant.apply(schedule);
        }
    }

    /** A deadline's payload: the instant it was scheduled for, to tell a current deadline from a stale one. */
    record Due(Instant at) {
    }

    @JsonBackReference
    private Consultation consultation;
    private Schedule schedule = Schedule.NONE;
    private boolean commentsClosed;

    private Timetable() {
        // for snapshots
    }

    Timetable(Consultation consultation) {
        this.consultation = consultation;
    }

    /**
     * A new consultation's schedule: every instant in the future and in order, and no voting window for a silence
     * procedure, whose vote opens only after a break (rule 8); {@code prefix} names the field.
     */
    static void requireValid(Schedule schedule, Procedure procedure, String prefix) {
        require(procedure != Procedure.SILENCE || schedule.votingOpensAt() == null, RefusalCode.VALIDATION_FAILED,
                prefix + SILENCE_HAS_NO_WINDOW, prefix + VOTING_OPENS);
        require(procedure != Procedure.SILENCE || schedule.votingClosesAt() == null, RefusalCode.VALIDATION_FAILED,
                prefix + SILENCE_HAS_NO_WINDOW, prefix + VOTING_CLOSES);
        Instant now = now();
        Set<Step> all = EnumSet.allOf(Step.class);
        for (Step step : all) {
            requireFuture(step, step.in(schedule), now, prefix);
        }
        requireInOrder(schedule, all, prefix);
    }

    /** Schedules a deadline for every instant of a new consultation's schedule. */
    static void scheduleAll(Schedule schedule, DeadlineManager deadlines) {
        for (Step step : Step.values()) {
            schedule(step, step.in(schedule), deadlines);
        }
    }

    /**
     * The secretariat or the chair changes the instants still to come; an instant that has passed, or whose action
     * has happened (the chair opened voting early), stays as it is.
     */
    @CommandHandler
    void handle(ChangeSchedule command, Actor actor, DeadlineManager deadlines) {
        require(actor.is(Role.SECRETARIAT) || actor.is(Role.CHAIR), RefusalCode.FORBIDDEN,
                "only the secretariat or the chair changes the schedule");
        Phase phase = consultation.phase();
        require(phase.acceptsComments(), RefusalCode.WRONG_PHASE,
                "cannot change the schedule while the consultation is " + phase);
        Schedule next = command.schedule();
        if (consultation.rounds().procedure() == Procedure.SILENCE) {
            require(next.votingOpensAt() == null, RefusalCode.VALIDATION_FAILED, SILENCE_HAS_NO_WINDOW, VOTING_OPENS);
            require(next.votingClosesAt() == null || phase == Phase.VOTING, RefusalCode.VALIDATION_FAILED,
                    SILENCE_HAS_NO_WINDOW, VOTING_CLOSES);
        }
        Instant now = now();
        Set<Step> pending = EnumSet.noneOf(Step.class);
        for (Step step : Step.values()) {
            Instant before = step.in(schedule);
            Instant after = step.in(next);
            boolean toCome = !acted(step) && (before == null || before.isAfter(now));
            if (!Objects.equals(before, after)) {
                require(toCome, RefusalCode.INSTANT_PASSED, step.field() + " cannot change: "
                        + (acted(step) ? "its action has happened" : "it has passed"), step.field());
                requireFuture(step, after, now, "");
            }
            if (toCome) {
                pending.add(step);
            }
        }
        requireInOrder(next, pending, "");
        if (next.equals(schedule)) {
            return;
        }
        for (Step step : Step.values()) {
            if (!Objects.equals(step.in(schedule), step.in(next))) {
                deadlines.cancelAllWithinScope(step.field());
                schedule(step, step.in(next), deadlines);
            }
        }
        apply(new ConsultationScheduled(consultation.consultationId(), next));
    }

    @DeadlineHandler(deadlineName = COMMENTS_CLOSE)
    void commentsCloseAt(Due due) {
        if (isDue(Step.CLOSE_COMMENTS, due, () -> { })) {
            apply(new CommentsClosed(consultation.consultationId()));
        }
    }

    /**
     * Whether the deadline of {@code step} scheduled for {@code due} is to act now: its instant is still the
     * schedule's, its action has not happened, and {@code rule} (the action's rule, which refuses by throwing)
     * allows it. Logs why not otherwise: a deadline that cannot act does nothing, and is not tried again.
     */
    boolean isDue(Step step, Due due, Runnable rule) {
        if (!due.at().equals(step.in(schedule))) {
            LOG.info("{}: a deadline for {} at {} does nothing: the schedule now says {}",
                    consultation.consultationId(), step.field(), due.at(), step.in(schedule));
            return false;
        }
        if (acted(step)) {
            LOG.info("{}: the deadline for {} at {} does nothing: the consultation is {}{}",
                    consultation.consultationId(), step.field(), due.at(), consultation.phase(),
                    commentsClosed ? " and comments are closed" : "");
            return false;
        }
        try {
            rule.run();
            return true;
        } catch (RuleRefused refused) {
            LOG.info("{}: the deadline for {} at {} does nothing: {}", consultation.consultationId(), step.field(),
                    due.at(), refused.getMessage());
            return false;
        }
    }

    /** Cancels the deadline of {@code step}: a hand action does what it would have done. */
    static void cancel(Step step, DeadlineManager deadlines) {
        deadlines.cancelAllWithinScope(step.field());
    }

    boolean commentsClosed() {
        return commentsClosed;
    }

    @EventSourcingHandler
    void on(ConsultationScheduled event) {
        schedule = event.schedule();
    }

    @EventSourcingHandler
    void on(CommentsClosed event) {
        commentsClosed = true;
    }

    /** The closing instant was the first round's: a runoff closes by hand or at an instant set for it. */
    @EventSourcingHandler
    void on(RunoffOpened event) {
        schedule = new Schedule(schedule.commentsCloseAt(), schedule.votingOpensAt(), null);
    }

    /** Whether the action of {@code step} can no longer happen: it happened, or the consultation moved past it. */
    private boolean acted(Step step) {
        Phase phase = consultation.phase();
        return switch (step) {
            case CLOSE_COMMENTS -> commentsClosed || !phase.acceptsComments();
            case OPEN_VOTING -> phase != Phase.OPEN;
            case CLOSE_VOTING -> !phase.acceptsComments();
        };
    }

    private static void schedule(Step step, Instant at, DeadlineManager deadlines) {
        if (at != null) {
            scheduleSystemAction(step.field(), at, deadlines);
        }
    }

    /** The deadline {@code name} at {@code at}: the system acts, whoever set it; the events it causes carry it. */
    static void scheduleSystemAction(String name, Instant at, DeadlineManager deadlines) {
        deadlines.schedule(at, name, new GenericMessage<>(new Due(at), Actor.SYSTEM.toMetaData()));
    }

    private static void requireFuture(Step step, Instant at, Instant now, String prefix) {
        require(at == null || at.isAfter(now), RefusalCode.VALIDATION_FAILED,
                prefix + step.field() + " must be in the future", prefix + step.field());
        require(at == null || schedulable(at), RefusalCode.VALIDATION_FAILED,
                prefix + step.field() + " must be no later than " + LATEST, prefix + step.field());
    }

    /**
     * Whether a deadline can be kept for the instant: the scheduler under the deadline manager keeps instants up to
     * the year 9999 only, and would act at once on a later one.
     */
    static boolean schedulable(Instant at) {
        return !at.isAfter(LATEST);
    }

    /** Voting opens before it closes, and comments close no later than voting opens, among {@code pending}. */
    private static void requireInOrder(Schedule schedule, Set<Step> pending, String prefix) {
        Instant comments = pending.contains(Step.CLOSE_COMMENTS) ? schedule.commentsCloseAt() : null;
        Instant opens = pending.contains(Step.OPEN_VOTING) ? schedule.votingOpensAt() : null;
        Instant closes = pending.contains(Step.CLOSE_VOTING) ? schedule.votingClosesAt() : null;
        require(opens == null || closes == null || opens.isBefore(closes), RefusalCode.VALIDATION_FAILED,
                prefix + "votingClosesAt must be after votingOpensAt", prefix + VOTING_CLOSES);
        require(comments == null || opens == null || !comments.isAfter(opens), RefusalCode.VALIDATION_FAILED,
                prefix + "commentsCloseAt must be no later than votingOpensAt", prefix + COMMENTS_CLOSE);
    }

    /** Axon's clock, which the aggregate test fixture sets and moves. */
    static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
