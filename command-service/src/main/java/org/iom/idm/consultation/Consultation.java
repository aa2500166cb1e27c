package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonManagedReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.ballot.Outcome;
import org.iom.idm.consultation.ConsultationCommands.CancelConsultation;
import org.iom.idm.consultation.ConsultationCommands.CloseVoting;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenRunoff;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationCommands.RecordDecision;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.ConsultationScheduled;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.Timetable.Due;
import org.iom.idm.consultation.Timetable.Step;
import org.iom.idm.membership.VotingRightsRegister;
import org.iom.idm.proposal.ProposalCommands.OnProposal;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rules 1, 4 and 6 and §8 rule 10: one decision process, its phase, its declared procedure, majority
 * rule and tie break (frozen: no command changes them after creation), its rounds of voting and its decision;
 * voting opens and closes by the chair's hand or at the instants of its schedule (CONTRACT §8). Its proposals
 * (with their comments), its ballot box and its timetable are entities of it, each judging the rules about itself
 * against this one stream.
 * Its fields and its entities' are its snapshot ({@link ConsultationSnapshots}); a new {@link Revision} has older
 * snapshots ignored and the events replayed (revision 1 kept proposals, comments and ballots in maps of its own).
 * Loaded consultations are kept in memory while current ({@link ConsultationRepositoryConfiguration}).
 */
@Aggregate(repository = ConsultationRepositoryConfiguration.NAME)
@Revision("4")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Consultation {

    @AggregateIdentifier
    private String consultationId;
    private Phase phase;
    private int selectCount;
    private Integer requestedQuorum;
    private int quorum;
    private Procedure procedure;
    private MajorityRule majority;
    private TieBreak tieBreak;
    private int round;
    /** This round's candidates; null when every active proposal is one (the first round). */
    private List<String> candidates;
    /** Proposals adopted by earlier rounds, which keep their seats in a runoff. */
    private List<String> carried;
    @AggregateMember
    @JsonManagedReference
    private Proposals proposals;
    @AggregateMember
    @JsonManagedReference
    private BallotBox ballotBox;
    @AggregateMember
    @JsonManagedReference
    private Timetable timetable;

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
        require(command.fallback() == null || command.procedure() == Procedure.SILENCE,
                RefusalCode.VALIDATION_FAILED, "a fallback is declared only for a silence procedure", "fallback");
        require(command.fallback() == null || command.fallback() == Procedure.RECORDED_VOTE,
                RefusalCode.VALIDATION_FAILED, "a silence procedure falls back to a recorded vote", "fallback");
        if (command.parentId() != null) {
            Phase parentPhase = consultations.phaseOf(command.parentId())
                    .orElseThrow(() -> new RuleRefused(RefusalCode.NOT_FOUND,
                            "no consultation '" + command.parentId() + "' to follow up"));
            // Judged here: the parent is now loaded in this unit of work, where Axon refuses a second aggregate
            // with its id by an unchecked error before the event store could refuse the id.
            require(!command.parentId().equals(command.consultationId()), RefusalCode.ALREADY_EXISTS,
                    "consultation '" + command.consultationId() + "' exists already; a follow-up needs its own id");
            require(parentPhase == Phase.DECIDED, RefusalCode.WRONG_PHASE,
                    "a follow-up needs a decided parent; '" + command.parentId() + "' is " + parentPhase);
        }
        Timetable.requireValid(command.schedule(), "schedule.");
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

    /** By hand, the chair opens voting before its scheduled instant, if any, which then does not act. */
    @CommandHandler
    public void handle(OpenVoting command, Actor actor, VotingRightsRegister register, DeadlineManager deadlines) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair opens voting");
        requireVotingCanOpen();
        Timetable.cancel(Step.OPEN_VOTING, deadlines);
        openVoting(register);
    }

    @DeadlineHandler(deadlineName = Timetable.VOTING_OPENS)
    void votingOpensAt(Due due, VotingRightsRegister register) {
        if (timetable.isDue(Step.OPEN_VOTING, due, this::requireVotingCanOpen)) {
            openVoting(register);
        }
    }

    @CommandHandler
    public void handle(CloseVoting command, Actor actor, DeadlineManager deadlines) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair closes voting");
        requireVotingCanClose();
        Timetable.cancel(Step.CLOSE_VOTING, deadlines);
        closeVoting();
    }

    @DeadlineHandler(deadlineName = Timetable.VOTING_CLOSES)
    void votingClosesAt(Due due) {
        if (timetable.isDue(Step.CLOSE_VOTING, due, this::requireVotingCanClose)) {
            closeVoting();
        }
    }

    private void requireVotingCanOpen() {
        requirePhase(Phase.OPEN, "open voting");
        require(procedure != Procedure.SILENCE, RefusalCode.WRONG_PHASE,
                "a silence procedure circulates a draft decision; voting is opened only as its fallback");
        long active = proposals.activeIds().size();
        require(active >= selectCount, RefusalCode.WRONG_PHASE,
                "voting needs at least " + selectCount + " active proposal(s); there are " + active);
    }

    private void openVoting(VotingRightsRegister register) {
        int eligible = register.countWithVotingRights();
        int effectiveQuorum = requestedQuorum != null ? requestedQuorum : eligible / 2 + 1;
        apply(new VotingOpened(consultationId, eligible, effectiveQuorum));
    }

    private void requireVotingCanClose() {
        requirePhase(Phase.VOTING, "close voting");
    }

    private void closeVoting() {
        apply(new VotingClosed(consultationId, ballotBox.cast(), ballotBox.abstentions(), quorum,
                ballotBox.cast() >= quorum));
    }

    @CommandHandler
    public void handle(RecordDecision command, Actor actor) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair records the decision");
        require(phase != Phase.DECIDED, RefusalCode.WRONG_PHASE, "the decision is recorded and final");
        requirePhase(Phase.CLOSED, "record a decision");
        List<String> selected = command.selected() == null ? List.of() : command.selected();
        require(new HashSet<>(selected).size() == selected.size(), RefusalCode.VALIDATION_FAILED,
                "selected proposals must be distinct", "selected");
        require(selected.size() == selectCount, RefusalCode.VALIDATION_FAILED,
                "the decision selects exactly " + selectCount + " proposal(s), not " + selected.size(), "selected");
        selected.forEach(proposals::requireActive);
        String missingRationaleReason = rationaleRequiredBecause(selected);
        boolean hasRationale = command.rationale() != null && !command.rationale().isBlank();
        require(missingRationaleReason == null || hasRationale, RefusalCode.RATIONALE_REQUIRED,
                "a rationale is required: " + missingRationaleReason);
        apply(new DecisionRecorded(consultationId, List.copyOf(selected), hasRationale ? command.rationale() : null));
    }

    @CommandHandler
    public void handle(OpenRunoff command, Actor actor, VotingRightsRegister register) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair opens a runoff");
        requirePhase(Phase.CLOSED, "open a runoff");
        require(tieBreak == TieBreak.RUNOFF, RefusalCode.WRONG_PHASE,
                "this consultation declared that the chair breaks ties, not a runoff");
        Outcome outcome = ballotBox.outcome();
        require(outcome.status() != Outcome.Status.ADOPTED, RefusalCode.WRONG_PHASE,
                "round " + round + " adopted " + outcome.adopted() + "; there is nothing to run off");
        int eligible = register.countWithVotingRights();
        apply(new RunoffOpened(consultationId, round + 1, outcome.runoffCandidates(), outcome.adopted(), eligible,
                requestedQuorum != null ? requestedQuorum : eligible / 2 + 1));
    }

    /**
     * Why a decision for {@code selected} needs a rationale, or null when it does not (rule 6 under the declared
     * rule, §8). Without the quorum the vote settles nothing and the chair decides with a rationale. Otherwise
     * what a declared majority (SIMPLE, TWO_THIRDS) adopted binds the chair; a tie or a lack of majority is the
     * chair's to settle with a rationale, among the tied and keeping the adopted, unless a runoff was declared.
     * Under PLURALITY the chair may still depart from the top by votes with a rationale, as before.
     */
    private String rationaleRequiredBecause(List<String> selected) {
        if (ballotBox.cast() < quorum) {
            return "the quorum of " + quorum + " was not met (" + ballotBox.cast() + " ballots)";
        }
        Outcome outcome = ballotBox.outcome();
        Set<String> chosen = Set.copyOf(selected);
        boolean binding = majority != MajorityRule.PLURALITY;
        if (outcome.status() == Outcome.Status.ADOPTED) {
            if (chosen.equals(Set.copyOf(outcome.adopted()))) {
                return null;
            }
            require(!binding, RefusalCode.VALIDATION_FAILED, "under the " + majority + " majority the vote adopted "
                    + outcome.adopted() + "; the decision records them", "selected");
            return "the selection differs from the leading " + selectCount + " by votes";
        }
        require(tieBreak == TieBreak.CHAIR, RefusalCode.WRONG_PHASE, "round " + round + " ended in "
                + outcome.status() + "; this consultation declared a runoff: open round " + (round + 1));
        if (binding) {
            require(chosen.containsAll(outcome.adopted()), RefusalCode.VALIDATION_FAILED,
                    "the vote adopted " + outcome.adopted() + "; the decision keeps them", "selected");
            require(outcome.status() != Outcome.Status.TIE || outcome.tied().containsAll(
                            chosen.stream().filter(id -> !outcome.adopted().contains(id)).toList()),
                    RefusalCode.VALIDATION_FAILED, "the chair chooses among the tied " + outcome.tied(), "selected");
        }
        return outcome.status() == Outcome.Status.TIE
                ? "a tie between " + outcome.tied() + " makes the leading " + selectCount + " ambiguous"
                : "no proposal reached the " + majority + " majority for every seat";
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

    boolean commentsClosed() {
        return timetable.commentsClosed();
    }

    MajorityRule majority() {
        return majority;
    }

    int round() {
        return round;
    }

    /** How many proposals this round's ballots may choose: the seats earlier rounds left. */
    int seats() {
        return selectCount - carried.size();
    }

    List<String> carried() {
        return carried;
    }

    /** This round's candidates: the active proposals, or in a runoff those it is among. */
    List<String> candidateIds() {
        return proposals.activeIds().stream().filter(id -> candidates == null || candidates.contains(id)).toList();
    }

    void requireCandidate(String proposalId) {
        require(candidates == null || candidates.contains(proposalId), RefusalCode.VALIDATION_FAILED,
                "round " + round + " is among " + candidates + " only, not '" + proposalId + "'", "choices");
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
        requestedQuorum = event.quorum();
        procedure = event.declaredProcedure();
        majority = event.declaredMajority();
        tieBreak = event.declaredTieBreak();
        round = 1;
        carried = List.of();
        proposals = new Proposals(this);
        ballotBox = new BallotBox(this);
        timetable = new Timetable(this);
    }

    @EventSourcingHandler
    void on(ConsultationCancelled event) {
        phase = Phase.CANCELLED;
    }

    @EventSourcingHandler
    void on(VotingOpened event) {
        phase = Phase.VOTING;
        quorum = event.quorum();
    }

    @EventSourcingHandler
    void on(RunoffOpened event) {
        phase = Phase.VOTING;
        quorum = event.quorum();
        round = event.round();
        candidates = List.copyOf(event.candidates());
        carried = List.copyOf(event.adopted());
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
