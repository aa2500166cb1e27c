package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonBackReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.consultation.ConsultationCommands.BreakSilence;
import org.iom.idm.consultation.ConsultationCommands.CirculateDraft;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.SilenceBroken;
import org.iom.idm.consultation.Timetable.Due;
import org.iom.idm.membership.AccreditationRoster;
import org.iom.idm.membership.VotingRights;
import org.iom.idm.membership.VotingRightsRegister;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §8 rule 8: the silence procedure. The chair circulates a draft decision with a deadline; until then a
 * member state with voting rights may break silence with a reason; unbroken at the deadline, the draft becomes the
 * decision, taken by the system. After a break the chair re-circulates a revised draft or, where the consultation
 * declared that fallback, opens a recorded vote ({@link Rounds}).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Circulation {

    static final String SILENCE_DEADLINE = "silenceDeadline";
    static final int TEXT_LIMIT = 5000;
    static final int REASON_LIMIT = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(Circulation.class);

    @JsonBackReference
    private Consultation consultation;
    /** The draft in circulation, counted from 1; 0 before the first. */
    private int number;
    private List<String> selected = List.of();
    private Instant deadline;
    /** The member states that broke silence on this draft. */
    private Set<String> brokenBy = new HashSet<>();

    private Circulation() {
        // for snapshots
    }

    Circulation(Consultation consultation) {
        this.consultation = consultation;
    }

    /** The first draft once proposals are in, or a revised one after a break; the pending deadline is replaced. */
    @CommandHandler
    void handle(CirculateDraft command, Actor actor, DeadlineManager deadlines) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair circulates a draft decision");
        require(consultation.rounds().procedure() == Procedure.SILENCE, RefusalCode.WRONG_PHASE,
                "this consultation decides by a recorded vote, not by a silence procedure");
        Phase phase = consultation.phase();
        require(phase == Phase.OPEN || phase == Phase.SILENCE_BROKEN, RefusalCode.WRONG_PHASE,
                phase == Phase.CIRCULATED ? "a draft is in circulation until " + deadline
                        : "cannot circulate a draft while the consultation is " + phase);
        List<String> chosen = consultation.proposals().requireSelection(command.selected(), "the draft");
        String text = command.text();
        require(text != null && !text.isBlank(), RefusalCode.VALIDATION_FAILED,
                "a draft decision has a text", "text");
        require(text.codePointCount(0, text.length()) <= TEXT_LIMIT, RefusalCode.VALIDATION_FAILED,
                "a draft decision has at most " + TEXT_LIMIT + " characters", "text");
        require(command.deadline() != null && command.deadline().isAfter(Timetable.now()),
                RefusalCode.VALIDATION_FAILED, "the deadline must be in the future", "deadline");
        require(Timetable.schedulable(command.deadline()), RefusalCode.VALIDATION_FAILED,
                "the deadline must be no later than " + Timetable.LATEST, "deadline");
        deadlines.cancelAllWithinScope(SILENCE_DEADLINE);
        Timetable.scheduleSystemAction(SILENCE_DEADLINE, command.deadline(), deadlines);
        apply(new DraftCirculated(consultation.consultationId(), number + 1, List.copyOf(chosen), text,
                command.deadline()));
    }

    @CommandHandler
    void handle(BreakSilence command, Actor actor, VotingRightsRegister register, AccreditationRoster roster) {
        require(actor.is(Role.DELEGATE), RefusalCode.FORBIDDEN, "only a member state's delegate breaks silence");
        roster.requireSpeaksForState(actor, "break silence");
        String state = actor.memberState();
        Phase phase = consultation.phase();
        require(phase == Phase.CIRCULATED || phase == Phase.SILENCE_BROKEN, RefusalCode.WRONG_PHASE,
                "no draft decision is in circulation: the consultation is " + phase);
        require(Timetable.now().isBefore(deadline), RefusalCode.INSTANT_PASSED,
                "the silence procedure's deadline " + deadline + " has passed");
        require(!brokenBy.contains(state), RefusalCode.ALREADY_EXISTS,
                state + " has broken silence on this draft already");
        VotingRights rights = register.votingRightsOf(state)
                .orElseThrow(() -> new RuleRefused(RefusalCode.NOT_FOUND, "no member state " + state));
        require(rights == VotingRights.ACTIVE, RefusalCode.VOTING_RIGHTS_SUSPENDED,
                state + "'s voting rights are suspended");
        String reason = command.reason();
        require(reason != null && !reason.isBlank(), RefusalCode.VALIDATION_FAILED,
                "breaking silence takes a reason", "reason");
        require(reason.codePointCount(0, reason.length()) <= REASON_LIMIT, RefusalCode.VALIDATION_FAILED,
                "a reason has at most " + REASON_LIMIT + " characters", "reason");
        apply(new SilenceBroken(consultation.consultationId(), number, state, reason));
    }

    /** Unbroken at its deadline, the draft in circulation is the decision; a stale or broken draft's does nothing. */
    @DeadlineHandler(deadlineName = SILENCE_DEADLINE)
    void deadlinePassed(Due due) {
        if (consultation.phase() != Phase.CIRCULATED || !due.at().equals(deadline)) {
            LOG.info("{}: the silence deadline {} does nothing: the consultation is {} with draft {} due {}",
                    consultation.consultationId(), due.at(), consultation.phase(), number, deadline);
            return;
        }
        apply(new DecisionRecorded(consultation.consultationId(), selected, null));
    }

    @EventSourcingHandler
    void on(DraftCirculated event) {
        number = event.circulation();
        selected = List.copyOf(event.selected());
        deadline = event.deadline();
        brokenBy = new HashSet<>();
    }

    @EventSourcingHandler
    void on(SilenceBroken event) {
        brokenBy.add(event.memberState());
    }
}
