package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonManagedReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.consultation.ConsultationCommands.CancelConsultation;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.RecordDecision;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.ConsultationScheduled;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationEvent.SilenceBroken;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.proposal.ProposalCommands.OnProposal;
import org.iom.idm.rule.RefusalCode;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rules 1 and 6: one decision process, its phase and its decision. Its proposals (with their
 * comments), its ballot box, its timetable and its rounds of voting under the declared procedure (CONTRACT §8)
 * and the drafts it circulates under a silence procedure are entities of it, each judging the rules about itself
 * against this one stream.
 * Its fields and its entities' are its snapshot ({@link ConsultationSnapshots}); a new {@link Revision} has older
 * snapshots ignored and the events replayed (revision 1 kept proposals, comments and ballots in maps of its own).
 * Loaded consultations are kept in memory while current ({@link ConsultationRepositoryConfiguration}).
 */
@Aggregate(repository = ConsultationRepositoryConfiguration.NAME)
@Revision("6")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Consultation {

    @AggregateIdentifier
    private String consultationId;
    private Phase phase;
    private int selectCount;
    @AggregateMember
    @JsonManagedReference
    private Proposals proposals;
    @AggregateMember
    @JsonManagedReference
    private BallotBox ballotBox;
    @AggregateMember
    @JsonManagedReference
    private Timetable timetable;
    @AggregateMember
    @JsonManagedReference
    private Rounds rounds;
    @AggregateMember
    @JsonManagedReference
    private Circulation circulation;

    protected Consultation() {
        // for Axon to rebuild from events
    }

    /** Not for snapshots, which Jackson restores field by field through the constructor above. */
    @JsonCreator(mode = JsonCreator.Mode.DISABLED)
    @CommandHandler
    public Consultation(CreateConsultation command, Actor actor, ConsultationPhases consultations,
                        DeadlineManager deadlines) {
        require(actor.is(Role.SECRETARIAT), RefusalCode.FORBIDDEN, "only the secretariat creates consultations");
        require(command.selectCount() >= 1, RefusalCode.VALIDATION_FAILED, "selectCount must be at least 1",
                "selectCount");
        require(command.quorum() == null || command.quorum() >= 1, RefusalCode.VALIDATION_FAILED,
                "quorum must be at least 1", "quorum");
        Rounds.requireValidDeclarations(command);
        if (command.parentId() != null) {
            consultations.requireDecidedParent(command.parentId(), command.consultationId());
        }
        Timetable.requireValid(command.schedule(), command.procedure(), "schedule.");
        apply(new ConsultationCreated(command.consultationId(), command.title(), command.question(),
                command.description(), command.selectCount(), command.quorum(), command.parentId(),
                command.procedure(), command.majority(), command.tieBreak(), command.fallback()));
        if (!command.schedule().setsNothing()) {
            apply(new ConsultationScheduled(command.consultationId(), command.schedule()));
            Timetable.scheduleAll(command.schedule(), deadlines);
        }
    }

    @CommandHandler
    public void handle(CancelConsultation command, Actor actor) {
        require(actor.is(Role.SECRETARIAT), RefusalCode.FORBIDDEN, "only the secretariat cancels consultations");
        require(phase.isCancellable(), RefusalCode.WRONG_PHASE, "a " + phase + " consultation cannot be cancelled");
        apply(new ConsultationCancelled(consultationId, phase, command.reason()));
    }

    @CommandHandler
    public void handle(RecordDecision command, Actor actor) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair records the decision");
        require(phase != Phase.DECIDED, RefusalCode.WRONG_PHASE, "the decision is recorded and final");
        requirePhase(Phase.CLOSED, "record a decision");
        List<String> selected = proposals.requireSelection(command.selected(), "the decision");
        String missingRationaleReason = rounds.rationaleRequiredBecause(selected);
        boolean hasRationale = command.rationale() != null && !command.rationale().isBlank();
        require(missingRationaleReason == null || hasRationale, RefusalCode.RATIONALE_REQUIRED,
                "a rationale is required: " + missingRationaleReason);
        apply(new DecisionRecorded(consultationId, List.copyOf(selected), hasRationale ? command.rationale() : null));
    }

    /** The proposal, and the comment, that a command names exist here; Axon would answer with an unchecked error. */
    @CommandHandlerInterceptor
    public Object targetExists(OnProposal command, InterceptorChain chain) throws Exception {
        proposals.requireTarget(command);
        return chain.proceed();
    }

    /** For follow-up checks by other consultations. */
    public Phase phase() {
        return phase;
    }

    String consultationId() {
        return consultationId;
    }

    Proposals proposals() {
        return proposals;
    }

    int selectCount() {
        return selectCount;
    }

    BallotBox ballotBox() {
        return ballotBox;
    }

    Timetable timetable() {
        return timetable;
    }

    Rounds rounds() {
        return rounds;
    }

    void requirePhase(Phase expected, String action) {
        require(phase == expected, RefusalCode.WRONG_PHASE,
                "cannot " + action + " while the consultation is " + phase);
    }

    @EventSourcingHandler
    void on(ConsultationCreated event) {
        consultationId = event.consultationId();
        phase = Phase.OPEN;
        selectCount = event.selectCount();
        proposals = new Proposals(this);
        ballotBox = new BallotBox(this);
        timetable = new Timetable(this);
        rounds = new Rounds(this, event);
        circulation = new Circulation(this);
    }

    @EventSourcingHandler
    void on(ConsultationCancelled event) {
        phase = Phase.CANCELLED;
    }

    @EventSourcingHandler
    void on(DraftCirculated event) {
        phase = Phase.CIRCULATED;
    }

    @EventSourcingHandler
    void on(SilenceBroken event) {
        phase = Phase.SILENCE_BROKEN;
    }

    @EventSourcingHandler
    void on(VotingOpened event) {
        phase = Phase.VOTING;
    }

    @EventSourcingHandler
    void on(RunoffOpened event) {
        phase = Phase.VOTING;
    }

    @EventSourcingHandler
    void on(VotingClosed event) {
        phase = Phase.CLOSED;
    }

    @EventSourcingHandler
    void on(DecisionRecorded event) {
        phase = Phase.DECIDED;
    }
}
