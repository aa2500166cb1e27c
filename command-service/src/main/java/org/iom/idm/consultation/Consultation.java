package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonManagedReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.ForwardMatchingInstances;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.consultation.ConsultationCommands.CancelConsultation;
import org.iom.idm.consultation.ConsultationCommands.CloseVoting;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationCommands.RecordDecision;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.membership.VotingRightsRegister;
import org.iom.idm.proposal.ProposalCommands.OnComment;
import org.iom.idm.proposal.ProposalCommands.OnProposal;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rules 1, 4 and 6: one decision process, its phase and its decision. Its proposals (with their
 * comments) and its ballot box are entities of it, each judging the rules about itself against this one stream.
 *
 * <p>Its state is stored as a snapshot now and then ({@link ConsultationSnapshots}): the fields, its entities' with
 * them, are the snapshot's content, and a new {@link Revision} makes older snapshots be ignored (the events are
 * replayed; revision 1 held proposals, comments and ballots in maps of their own). Loaded consultations are also
 * kept in memory while they are current ({@link ConsultationRepositoryConfiguration}).
 */
@Aggregate(repository = ConsultationRepositoryConfiguration.NAME)
@Revision("2")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Consultation {

    @AggregateIdentifier
    private String consultationId;
    private Phase phase;
    private int selectCount;
    private Integer requestedQuorum;
    private int quorum;
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    @JsonManagedReference
    private Map<String, Proposal> proposals = new LinkedHashMap<>();
    @AggregateMember
    @JsonManagedReference
    private BallotBox ballotBox;

    protected Consultation() {
        // for Axon to rebuild from events
    }

    /** Not for snapshots, which Jackson restores field by field through the constructor above. */
    @JsonCreator(mode = JsonCreator.Mode.DISABLED)
    @CommandHandler
    public Consultation(CreateConsultation command, Actor actor, ConsultationPhases consultations) {
        require(actor.is(Role.SECRETARIAT), RefusalCode.FORBIDDEN, "only the secretariat creates consultations");
        require(command.selectCount() >= 1, RefusalCode.VALIDATION_FAILED, "selectCount must be at least 1",
                "selectCount");
        require(command.quorum() == null || command.quorum() >= 1, RefusalCode.VALIDATION_FAILED,
                "quorum must be at least 1", "quorum");
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
        apply(new ConsultationCreated(command.consultationId(), command.title(), command.question(),
                command.description(), command.selectCount(), command.quorum(), command.parentId()));
    }

    @CommandHandler
    public void handle(CancelConsultation command, Actor actor) {
        require(actor.is(Role.SECRETARIAT), RefusalCode.FORBIDDEN, "only the secretariat cancels consultations");
        require(phase.isCancellable(), RefusalCode.WRONG_PHASE, "a " + phase + " consultation cannot be cancelled");
        apply(new ConsultationCancelled(consultationId, phase, command.reason()));
    }

    @CommandHandler
    public void handle(OpenVoting command, Actor actor, VotingRightsRegister register) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair opens voting");
        requirePhase(Phase.OPEN, "open voting");
        long active = activeProposalIds().size();
        require(active >= selectCount, RefusalCode.WRONG_PHASE,
                "voting needs at least " + selectCount + " active proposal(s); there are " + active);
        int eligible = register.countWithVotingRights();
        int effectiveQuorum = requestedQuorum != null ? requestedQuorum : eligible / 2 + 1;
        apply(new VotingOpened(consultationId, eligible, effectiveQuorum));
    }

    @CommandHandler
    public void handle(CloseVoting command, Actor actor) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair closes voting");
        requirePhase(Phase.VOTING, "close voting");
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
        selected.forEach(this::requireActiveProposal);
        String missingRationaleReason = ballotBox.rationaleRequiredBecause(selected, activeProposalIds(),
                selectCount, quorum);
        boolean hasRationale = command.rationale() != null && !command.rationale().isBlank();
        require(missingRationaleReason == null || hasRationale, RefusalCode.RATIONALE_REQUIRED,
                "a rationale is required: " + missingRationaleReason);
        apply(new DecisionRecorded(consultationId, List.copyOf(selected), hasRationale ? command.rationale() : null));
    }

    /** Answers the proposal's id: the given one, or else the first free one made from its title. */
    @CommandHandler
    public String handle(SubmitProposal command, Actor actor) {
        String proposer = Proposal.proposerFor(actor);
        requirePhase(Phase.OPEN, "submit proposals");
        require(!proposals.containsKey(command.proposalId()), RefusalCode.ALREADY_EXISTS,
                "proposal '" + command.proposalId() + "' exists already");
        ProposalTitles.requireUnique(proposals.values(), command.title(), null);
        String proposalId = command.proposalId() != null ? command.proposalId()
                : ProposalTitles.newId(proposals.keySet(), command.title());
        apply(new ProposalSubmitted(consultationId, proposalId, command.title(), command.summary(), proposer));
        return proposalId;
    }

    /** The proposal, and the comment, that a command names exist here; Axon would answer with an unchecked error. */
    @CommandHandlerInterceptor
    public Object targetExists(OnProposal command, InterceptorChain chain) throws Exception {
        Proposal proposal = proposals.get(command.proposalId());
        require(proposal != null, RefusalCode.NOT_FOUND,
                "no proposal '" + command.proposalId() + "' in " + consultationId);
        if (command instanceof OnComment onComment) {
            proposal.requireComment(onComment.commentId());
        }
        return chain.proceed();
    }

    /** For follow-up checks by other consultations. */
    public Phase phase() {
        return phase;
    }

    String consultationId() {
        return consultationId;
    }

    int selectCount() {
        return selectCount;
    }

    /** Titles are unique among all the consultation's proposals, withdrawn ones included. */
    void requireUniqueTitle(String title, String exceptProposalId) {
        ProposalTitles.requireUnique(proposals.values(), title, exceptProposalId);
    }

    /** Comment ids are unique within the consultation. */
    boolean hasComment(String commentId) {
        return proposals.values().stream().anyMatch(proposal -> proposal.hasComment(commentId));
    }

    void requireActiveProposal(String proposalId) {
        Proposal proposal = proposals.get(proposalId);
        require(proposal != null, RefusalCode.NOT_FOUND, "no proposal '" + proposalId + "' in " + consultationId);
        proposal.requireActive();
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
        ballotBox = new BallotBox(this);
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
    void on(VotingClosed event) {
        phase = Phase.CLOSED;
    }

    @EventSourcingHandler
    void on(DecisionRecorded event) {
        phase = Phase.DECIDED;
    }

    @EventSourcingHandler
    void on(ProposalSubmitted event) {
        proposals.put(event.proposalId(), new Proposal(this, event));
    }

    private List<String> activeProposalIds() {
        return proposals.values().stream().filter(Proposal::isActive).map(Proposal::id).toList();
    }
}
