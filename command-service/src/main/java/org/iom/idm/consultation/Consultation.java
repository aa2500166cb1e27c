package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotCommands.CastBallot;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
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
import org.iom.idm.kit.problem.ErrorCode;
import org.iom.idm.kit.problem.RuleViolation;
import org.iom.idm.membership.VotingRights;
import org.iom.idm.membership.VotingRightsRegister;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.proposal.CommentStatus;
import org.iom.idm.proposal.ProposalCommands.AddComment;
import org.iom.idm.proposal.ProposalCommands.AmendProposal;
import org.iom.idm.proposal.ProposalCommands.EditComment;
import org.iom.idm.proposal.ProposalCommands.HideComment;
import org.iom.idm.proposal.ProposalCommands.RetractComment;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.proposal.ProposalCommands.WithdrawProposal;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.ProposalStatus;
import org.iom.idm.proposal.Proposer;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One decision process: its phase, proposals, comments, ballots and decision. Everything a rule of
 * CONTRACT §3 needs to judge lives here, so each rule is checked against one consistent stream.
 *
 * <p>Its state is stored as a snapshot now and then ({@link ConsultationSnapshots}): the fields are the
 * snapshot's content, and a new {@link Revision} makes older snapshots be ignored (the events are replayed).
 * Loaded consultations are also kept in memory while they are current ({@link ConsultationRepositoryConfiguration}).
 */
@Aggregate(repository = ConsultationRepositoryConfiguration.NAME)
@Revision("1")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Consultation {

    @AggregateIdentifier
    private String consultationId;
    private Phase phase;
    private int selectCount;
    private Integer requestedQuorum;
    private int quorum;
    private Map<String, Proposal> proposals = new LinkedHashMap<>();
    private Map<String, Comment> comments = new HashMap<>();
    private Map<String, Ballot> ballots = new HashMap<>();

    protected Consultation() {
        // for Axon to rebuild from events
    }

    /** Not for snapshots, which Jackson restores field by field through the constructor above. */
    @JsonCreator(mode = JsonCreator.Mode.DISABLED)
    @CommandHandler
    public Consultation(CreateConsultation command, Actor actor, ConsultationPhases consultations) {
        require(actor.is(Role.SECRETARIAT), ErrorCode.FORBIDDEN, "only the secretariat creates consultations");
        if (command.selectCount() < 1) {
            throw new RuleViolation(ErrorCode.VALIDATION_FAILED, "selectCount must be at least 1");
        }
        if (command.quorum() != null && command.quorum() < 1) {
            throw new RuleViolation(ErrorCode.VALIDATION_FAILED, "quorum must be at least 1");
        }
        if (command.parentId() != null) {
            Phase parentPhase = consultations.phaseOf(command.parentId())
                    .orElseThrow(() -> new RuleViolation(ErrorCode.NOT_FOUND,
                            "no consultation '" + command.parentId() + "' to follow up"));
            // Judged here: the parent is now loaded in this unit of work, where Axon refuses a second aggregate
            // with its id by an unchecked error before the event store could refuse the id.
            require(!command.parentId().equals(command.consultationId()), ErrorCode.ALREADY_EXISTS,
                    "consultation '" + command.consultationId() + "' exists already; a follow-up needs its own id");
            require(parentPhase == Phase.DECIDED, ErrorCode.WRONG_PHASE,
                    "a follow-up needs a decided parent; '" + command.parentId() + "' is " + parentPhase);
        }
        apply(new ConsultationCreated(command.consultationId(), command.title(), command.question(),
                command.description(), command.selectCount(), command.quorum(), command.parentId()));
    }

    @CommandHandler
    public void handle(CancelConsultation command, Actor actor) {
        require(actor.is(Role.SECRETARIAT), ErrorCode.FORBIDDEN, "only the secretariat cancels consultations");
        require(phase.isCancellable(), ErrorCode.WRONG_PHASE, "a " + phase + " consultation cannot be cancelled");
        apply(new ConsultationCancelled(consultationId, phase, command.reason()));
    }

    @CommandHandler
    public void handle(OpenVoting command, Actor actor, VotingRightsRegister register) {
        require(actor.is(Role.CHAIR), ErrorCode.FORBIDDEN, "only the chair opens voting");
        requirePhase(Phase.OPEN, "open voting");
        long active = activeProposals().size();
        require(active >= selectCount, ErrorCode.WRONG_PHASE,
                "voting needs at least " + selectCount + " active proposal(s); there are " + active);
        int eligible = register.countWithVotingRights();
        int effectiveQuorum = requestedQuorum != null ? requestedQuorum : eligible / 2 + 1;
        apply(new VotingOpened(consultationId, eligible, effectiveQuorum));
    }

    @CommandHandler
    public void handle(CloseVoting command, Actor actor) {
        require(actor.is(Role.CHAIR), ErrorCode.FORBIDDEN, "only the chair closes voting");
        requirePhase(Phase.VOTING, "close voting");
        int abstentions = (int) ballots.values().stream().filter(Ballot::abstain).count();
        apply(new VotingClosed(consultationId, ballots.size(), abstentions, quorum, quorumMet()));
    }

    @CommandHandler
    public void handle(RecordDecision command, Actor actor) {
        require(actor.is(Role.CHAIR), ErrorCode.FORBIDDEN, "only the chair records the decision");
        require(phase != Phase.DECIDED, ErrorCode.WRONG_PHASE, "the decision is recorded and final");
        requirePhase(Phase.CLOSED, "record a decision");
        List<String> selected = command.selected() == null ? List.of() : command.selected();
        require(new HashSet<>(selected).size() == selected.size(), ErrorCode.VALIDATION_FAILED,
                "selected proposals must be distinct");
        require(selected.size() == selectCount, ErrorCode.VALIDATION_FAILED,
                "the decision selects exactly " + selectCount + " proposal(s), not " + selected.size());
        selected.forEach(this::requireActiveProposal);
        String missingRationaleReason = rationaleRequiredBecause(selected);
        boolean hasRationale = command.rationale() != null && !command.rationale().isBlank();
        if (missingRationaleReason != null && !hasRationale) {
            throw new RuleViolation(ErrorCode.RATIONALE_REQUIRED, "a rationale is required: " + missingRationaleReason);
        }
        apply(new DecisionRecorded(consultationId, List.copyOf(selected), hasRationale ? command.rationale() : null));
    }

    /** Answers the proposal's id: the given one, or else the first free one made from its title. */
    @CommandHandler
    public String handle(SubmitProposal command, Actor actor) {
        String proposer = proposerFor(actor);
        requirePhase(Phase.OPEN, "submit proposals");
        require(!proposals.containsKey(command.proposalId()), ErrorCode.ALREADY_EXISTS,
                "proposal '" + command.proposalId() + "' exists already");
        requireUniqueTitle(command.title(), null);
        String proposalId = command.proposalId() != null ? command.proposalId() : newProposalId(command.title());
        apply(new ProposalSubmitted(consultationId, proposalId, command.title(), command.summary(), proposer));
        return proposalId;
    }

    @CommandHandler
    public void handle(AmendProposal command, Actor actor) {
        Proposal proposal = requireProposal(command.proposalId());
        requireProposer(proposal, actor, "amends");
        requirePhase(Phase.OPEN, "amend proposals");
        requireActive(proposal);
        requireUniqueTitle(command.title(), proposal.id());
        if (proposal.title().equals(command.title()) && proposal.summary().equals(command.summary())) {
            return;
        }
        apply(new ProposalAmended(consultationId, proposal.id(), proposal.version() + 1, command.title(),
                command.summary()));
    }

    @CommandHandler
    public void handle(WithdrawProposal command, Actor actor) {
        Proposal proposal = requireProposal(command.proposalId());
        requireProposer(proposal, actor, "withdraws");
        requirePhase(Phase.OPEN, "withdraw proposals");
        requireActive(proposal);
        apply(new ProposalWithdrawn(consultationId, proposal.id(), command.reason()));
    }

    @CommandHandler
    public void handle(AddComment command, Actor actor) {
        Proposal proposal = requireProposal(command.proposalId());
        require(phase.acceptsComments(), ErrorCode.WRONG_PHASE, "comments are closed: the consultation is " + phase);
        requireActive(proposal);
        require(!comments.containsKey(command.commentId()), ErrorCode.ALREADY_EXISTS,
                "comment '" + command.commentId() + "' exists already");
        if (command.inReplyTo() != null) {
            Comment original = comments.get(command.inReplyTo());
            require(original != null && original.proposalId().equals(proposal.id()), ErrorCode.NOT_FOUND,
                    "no comment '" + command.inReplyTo() + "' on this proposal to reply to");
        }
        apply(new CommentAdded(consultationId, proposal.id(), command.commentId(), actor.username(),
                actor.memberState(), command.text(), command.inReplyTo()));
    }

    @CommandHandler
    public void handle(EditComment command, Actor actor) {
        Comment comment = requireComment(command.proposalId(), command.commentId());
        requireAuthor(comment, actor, "edits");
        require(phase.acceptsComments(), ErrorCode.WRONG_PHASE, "comments are closed: the consultation is " + phase);
        requireVisible(comment);
        if (comment.text().equals(command.text())) {
            return;
        }
        apply(new CommentEdited(consultationId, comment.proposalId(), comment.id(), command.text()));
    }

    @CommandHandler
    public void handle(RetractComment command, Actor actor) {
        Comment comment = requireComment(command.proposalId(), command.commentId());
        requireAuthor(comment, actor, "retracts");
        require(phase.acceptsComments(), ErrorCode.WRONG_PHASE, "comments are closed: the consultation is " + phase);
        requireVisible(comment);
        apply(new CommentRetracted(consultationId, comment.proposalId(), comment.id()));
    }

    @CommandHandler
    public void handle(HideComment command, Actor actor) {
        Comment comment = requireComment(command.proposalId(), command.commentId());
        require(actor.is(Role.SECRETARIAT), ErrorCode.FORBIDDEN, "only the secretariat hides comments");
        requireVisible(comment);
        apply(new CommentHidden(consultationId, comment.proposalId(), comment.id(), command.reason()));
    }

    @CommandHandler
    public void handle(CastBallot command, Actor actor, VotingRightsRegister register) {
        String state = command.memberState();
        require(actor.isDelegateOf(state), ErrorCode.FORBIDDEN,
                "only a delegate of " + state + " casts its ballot");
        requirePhase(Phase.VOTING, "cast ballots");
        VotingRights rights = register.votingRightsOf(state)
                .orElseThrow(() -> new RuleViolation(ErrorCode.NOT_FOUND, "no member state " + state));
        require(rights == VotingRights.ACTIVE, ErrorCode.VOTING_RIGHTS_SUSPENDED,
                state + "'s voting rights are suspended");
        List<String> choices = command.choices() == null ? List.of() : command.choices();
        if (command.abstain()) {
            require(choices.isEmpty(), ErrorCode.VALIDATION_FAILED, "an abstention names no proposal");
        } else {
            require(!choices.isEmpty(), ErrorCode.VALIDATION_FAILED,
                    "a ballot names at least one proposal, or abstains");
            require(new HashSet<>(choices).size() == choices.size(), ErrorCode.VALIDATION_FAILED,
                    "a ballot's choices must be distinct");
            require(choices.size() <= selectCount, ErrorCode.TOO_MANY_CHOICES,
                    "at most " + selectCount + " choice(s) in this consultation, not " + choices.size());
            choices.forEach(this::requireActiveProposal);
        }
        Ballot previous = ballots.get(state);
        Ballot next = new Ballot(List.copyOf(choices), command.abstain());
        if (previous == null) {
            apply(new BallotCast(consultationId, state, next.choices(), next.abstain()));
        } else if (!previous.sameAs(next)) {
            apply(new BallotChanged(consultationId, state, next.choices(), next.abstain()));
        }
    }

    /** For follow-up checks by other consultations. */
    public Phase phase() {
        return phase;
    }

    @EventSourcingHandler
    void on(ConsultationCreated event) {
        consultationId = event.consultationId();
        phase = Phase.OPEN;
        selectCount = event.selectCount();
        requestedQuorum = event.quorum();
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
        proposals.put(event.proposalId(), new Proposal(event.proposalId(), event.proposer(), event.title(),
                event.summary(), 1, ProposalStatus.ACTIVE));
    }

    @EventSourcingHandler
    void on(ProposalAmended event) {
        proposals.computeIfPresent(event.proposalId(),
                (id, proposal) -> proposal.amended(event.title(), event.summary(), event.version()));
    }

    @EventSourcingHandler
    void on(ProposalWithdrawn event) {
        proposals.computeIfPresent(event.proposalId(), (id, proposal) -> proposal.withdrawn());
    }

    @EventSourcingHandler
    void on(CommentAdded event) {
        comments.put(event.commentId(), new Comment(event.commentId(), event.proposalId(), event.author(),
                event.text(), CommentStatus.VISIBLE));
    }

    @EventSourcingHandler
    void on(CommentEdited event) {
        comments.computeIfPresent(event.commentId(), (id, comment) -> comment.edited(event.text()));
    }

    @EventSourcingHandler
    void on(CommentRetracted event) {
        comments.computeIfPresent(event.commentId(), (id, comment) -> comment.with(CommentStatus.RETRACTED));
    }

    @EventSourcingHandler
    void on(CommentHidden event) {
        comments.computeIfPresent(event.commentId(), (id, comment) -> comment.with(CommentStatus.HIDDEN));
    }

    @EventSourcingHandler
    void on(BallotCast event) {
        ballots.put(event.memberState(), new Ballot(event.choices(), event.abstain()));
    }

    @EventSourcingHandler
    void on(BallotChanged event) {
        ballots.put(event.memberState(), new Ballot(event.choices(), event.abstain()));
    }

    private boolean quorumMet() {
        return ballots.size() >= quorum;
    }

    /** Why the decision needs a rationale, or null when it does not (CONTRACT §3, rule 6). */
    private String rationaleRequiredBecause(List<String> selected) {
        if (!quorumMet()) {
            return "the quorum of " + quorum + " was not met (" + ballots.size() + " ballots)";
        }
        Map<String, Integer> votes = votesPerActiveProposal();
        List<Map.Entry<String, Integer>> ranked = votes.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .toList();
        if (ranked.size() > selectCount
                && ranked.get(selectCount - 1).getValue().equals(ranked.get(selectCount).getValue())) {
            return "a tie at " + ranked.get(selectCount).getValue() + " vote(s) makes the leading "
                    + selectCount + " ambiguous";
        }
        Set<String> top = new HashSet<>();
        ranked.stream().limit(selectCount).forEach(entry -> top.add(entry.getKey()));
        if (!top.equals(new HashSet<>(selected))) {
            return "the selection differs from the leading " + selectCount + " by votes";
        }
        return null;
    }

    private Map<String, Integer> votesPerActiveProposal() {
        Map<String, Integer> votes = new LinkedHashMap<>();
        activeProposals().forEach(proposal -> votes.put(proposal.id(), 0));
        ballots.values().forEach(ballot -> ballot.choices().forEach(choice -> votes.computeIfPresent(choice,
                (id, count) -> count + 1)));
        return votes;
    }

    private Collection<Proposal> activeProposals() {
        return proposals.values().stream().filter(p -> p.status() == ProposalStatus.ACTIVE).toList();
    }

    private String proposerFor(Actor actor) {
        if (actor.is(Role.DELEGATE)) {
            return actor.memberState();
        }
        if (actor.is(Role.SECRETARIAT)) {
            return Proposer.ADMINISTRATION;
        }
        throw new RuleViolation(ErrorCode.FORBIDDEN, "only delegates and the secretariat submit proposals");
    }

    private void requireProposer(Proposal proposal, Actor actor, String action) {
        boolean isProposer = (actor.is(Role.DELEGATE) || actor.is(Role.SECRETARIAT))
                && proposal.proposer().equals(proposerFor(actor));
        require(isProposer, ErrorCode.FORBIDDEN, "only the proposer (" + proposal.proposer() + ") " + action
                + " this proposal");
    }

    /**
     * Chosen here, where every proposal of the consultation is known: two submissions at once are judged one after
     * the other against the same stream, so they cannot get the same id. Withdrawn proposals keep theirs.
     */
    private String newProposalId(String title) {
        return ReadableIds.fromTitle(title)
                .map(slug -> firstFreeProposalId(n -> ReadableIds.candidate(slug, n)))
                .orElseGet(() -> firstFreeProposalId(n -> "proposal-" + (proposals.size() + n)));
    }

    private String firstFreeProposalId(IntFunction<String> candidates) {
        for (int n = 1; ; n++) {
            String candidate = candidates.apply(n);
            if (!proposals.containsKey(candidate)) {
                return candidate;
            }
        }
    }

    private void requireUniqueTitle(String title, String exceptProposalId) {
        String key = TitleKey.of(title);
        for (Proposal other : proposals.values()) {
            if (!other.id().equals(exceptProposalId) && TitleKey.of(other.title()).equals(key)) {
                throw new RuleViolation(ErrorCode.DUPLICATE_TITLE,
                        "a proposal titled '" + other.title() + "' exists already in this consultation");
            }
        }
    }

    private Proposal requireProposal(String proposalId) {
        Proposal proposal = proposals.get(proposalId);
        if (proposal == null) {
            throw new RuleViolation(ErrorCode.NOT_FOUND, "no proposal '" + proposalId + "' in " + consultationId);
        }
        return proposal;
    }

    private void requireActiveProposal(String proposalId) {
        requireActive(requireProposal(proposalId));
    }

    private static void requireActive(Proposal proposal) {
        require(proposal.status() == ProposalStatus.ACTIVE, ErrorCode.PROPOSAL_WITHDRAWN,
                "proposal '" + proposal.title() + "' has been withdrawn");
    }

    private Comment requireComment(String proposalId, String commentId) {
        requireProposal(proposalId);
        Comment comment = comments.get(commentId);
        if (comment == null || !comment.proposalId().equals(proposalId)) {
            throw new RuleViolation(ErrorCode.NOT_FOUND, "no comment '" + commentId + "' on proposal " + proposalId);
        }
        return comment;
    }

    private static void requireAuthor(Comment comment, Actor actor, String action) {
        require(comment.author().equals(actor.username()), ErrorCode.FORBIDDEN,
                "only its author " + action + " a comment");
    }

    private static void requireVisible(Comment comment) {
        require(comment.status() == CommentStatus.VISIBLE, ErrorCode.WRONG_PHASE,
                "the comment is " + comment.status().name().toLowerCase());
    }

    private void requirePhase(Phase expected, String action) {
        require(phase == expected, ErrorCode.WRONG_PHASE,
                "cannot " + action + " while the consultation is " + phase);
    }

    private static void require(boolean condition, ErrorCode code, String detail) {
        if (!condition) {
            throw new RuleViolation(code, detail);
        }
    }

    private record Proposal(String id, String proposer, String title, String summary, int version,
                            ProposalStatus status) {
        Proposal amended(String newTitle, String newSummary, int newVersion) {
            return new Proposal(id, proposer, newTitle, newSummary, newVersion, status);
        }

        Proposal withdrawn() {
            return new Proposal(id, proposer, title, summary, version, ProposalStatus.WITHDRAWN);
        }
    }

    private record Comment(String id, String proposalId, String author, String text, CommentStatus status) {
        Comment edited(String newText) {
            return new Comment(id, proposalId, author, newText, status);
        }

        Comment with(CommentStatus newStatus) {
            return new Comment(id, proposalId, author, text, newStatus);
        }
    }

    private record Ballot(List<String> choices, boolean abstain) {
        boolean sameAs(Ballot other) {
            return abstain == other.abstain && Set.copyOf(choices).equals(Set.copyOf(other.choices));
        }
    }
}
