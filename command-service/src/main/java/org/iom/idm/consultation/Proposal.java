package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonBackReference;
import com.fasterxml.jackson.annotation.JsonManagedReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.EntityId;
import org.axonframework.modelling.command.ForwardMatchingInstances;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.membership.AccreditationRoster;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalCommands.AddComment;
import org.iom.idm.proposal.ProposalCommands.AmendProposal;
import org.iom.idm.proposal.ProposalCommands.WithdrawProposal;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.ProposalStatus;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rules 2 and 3: a proposal of a consultation, amended and withdrawn only by its proposer while the
 * consultation is open, and commented on while it is active. Its comments are entities of it.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Proposal {

    @JsonBackReference
    private Proposals proposals;
    @EntityId
    private String proposalId;
    private String proposer;
    private String title;
    private String summary;
    private int version;
    private ProposalStatus status;
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    @JsonManagedReference
    private Map<String, Comment> comments = new HashMap<>();

    private Proposal() {
        // for snapshots
    }

    Proposal(Proposals proposals, ProposalSubmitted event) {
        this.proposals = proposals;
        this.proposalId = event.proposalId();
        this.proposer = event.proposer();
        this.title = event.title();
        this.summary = event.summary();
        this.version = 1;
        this.status = ProposalStatus.ACTIVE;
    }

    @CommandHandler
    void handle(AmendProposal command, Actor actor, AccreditationRoster roster) {
        requireProposer(actor, roster, "amends");
        proposals.consultation().requirePhase(Phase.OPEN, "amend proposals");
        requireActive();
        proposals.requireUniqueTitle(command.title(), proposalId);
        if (title.equals(command.title()) && summary.equals(command.summary())) {
            return;
        }
        apply(new ProposalAmended(consultationId(), proposalId, version + 1, command.title(),
                command.summary()));
    }

    @CommandHandler
    void handle(WithdrawProposal command, Actor actor, AccreditationRoster roster) {
        requireProposer(actor, roster, "withdraws");
        proposals.consultation().requirePhase(Phase.OPEN, "withdraw proposals");
        requireActive();
        apply(new ProposalWithdrawn(consultationId(), proposalId, command.reason()));
    }

    /** Answers the comment's id, so that a retried request answers with its first attempt's (issue 17). */
    @CommandHandler
    String handle(AddComment command, Actor actor, AccreditationRoster roster) {
        roster.requireCurrentIfDelegate(actor, "comment");
        requireCommentsAccepted();
        requireActive();
        require(!proposals.hasComment(command.commentId()), RefusalCode.ALREADY_EXISTS,
                "comment '" + command.commentId() + "' exists already");
        require(command.inReplyTo() == null || comments.containsKey(command.inReplyTo()), RefusalCode.NOT_FOUND,
                "no comment '" + command.inReplyTo() + "' on this proposal to reply to");
        apply(new CommentAdded(consultationId(), proposalId, command.commentId(), actor.username(),
                actor.memberState(), command.text(), command.inReplyTo()));
        return command.commentId();
    }

    /**
     * Who proposes for the actor: a delegate's member state, if it speaks for it now (CONTRACT §9), or the
     * Administration for the secretariat.
     */
    static String proposerFor(Actor actor, AccreditationRoster roster) {
        if (actor.is(Role.DELEGATE)) {
            roster.requireSpeaksForState(actor, "propose for its state");
            return actor.memberState();
        }
        if (actor.is(Role.SECRETARIAT)) {
            return Proposer.ADMINISTRATION;
        }
        throw new RuleRefused(RefusalCode.FORBIDDEN, "only delegates and the secretariat submit proposals");
    }

    String id() {
        return proposalId;
    }

    String title() {
        return title;
    }

    int version() {
        return version;
    }

    boolean isActive() {
        return status == ProposalStatus.ACTIVE;
    }

    void requireActive() {
        require(isActive(), RefusalCode.PROPOSAL_WITHDRAWN, "proposal '" + title + "' has been withdrawn");
    }

    boolean hasComment(String commentId) {
        return comments.containsKey(commentId);
    }

    void requireComment(String commentId) {
        require(hasComment(commentId), RefusalCode.NOT_FOUND,
                "no comment '" + commentId + "' on proposal " + proposalId);
    }

    void requireCommentsAccepted() {
        Phase phase = proposals.consultation().phase();
        require(phase.acceptsComments(), RefusalCode.WRONG_PHASE, "comments are closed: the consultation is " + phase);
        require(!proposals.consultation().timetable().commentsClosed(), RefusalCode.COMMENTS_CLOSED,
                "comments are closed: the schedule closed them");
    }

    String consultationId() {
        return proposals.consultation().consultationId();
    }

    @EventSourcingHandler
    void on(ProposalAmended event) {
        title = event.title();
        summary = event.summary();
        version = event.version();
    }

    @EventSourcingHandler
    void on(ProposalWithdrawn event) {
        status = ProposalStatus.WITHDRAWN;
    }

    @EventSourcingHandler
    void on(CommentAdded event) {
        comments.put(event.commentId(), new Comment(this, event));
    }

    /** By state, the proposals it belongs to aside: Axon's test fixtures compare a handled aggregate with a replayed one. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Proposal that && proposalId.equals(that.proposalId) && proposer.equals(that.proposer)
                && title.equals(that.title) && summary.equals(that.summary) && version == that.version
                && status == that.status && comments.equals(that.comments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(proposalId, version, status);
    }

    private void requireProposer(Actor actor, AccreditationRoster roster, String action) {
        boolean isProposer = (actor.is(Role.DELEGATE) && proposer.equals(actor.memberState()))
                || (actor.is(Role.SECRETARIAT) && proposer.equals(Proposer.ADMINISTRATION));
        require(isProposer, RefusalCode.FORBIDDEN, "only the proposer (" + proposer + ") " + action
                + " this proposal");
        if (actor.is(Role.DELEGATE)) {
            roster.requireSpeaksForState(actor, "change its state's proposals");
        }
    }
}
