package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonBackReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.EntityId;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.membership.AccreditationRoster;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.proposal.CommentStatus;
import org.iom.idm.proposal.ProposalCommands.EditComment;
import org.iom.idm.proposal.ProposalCommands.HideComment;
import org.iom.idm.proposal.ProposalCommands.RetractComment;
import org.iom.idm.rule.RefusalCode;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rule 3: a comment on a proposal, edited or retracted by its author while comments are accepted,
 * hidden by the secretariat; only a visible comment changes.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Comment {

    @JsonBackReference
    private Proposal proposal;
    @EntityId
    private String commentId;
    private String author;
    private String text;
    private CommentStatus status;

    private Comment() {
        // for snapshots
    }

    Comment(Proposal proposal, CommentAdded event) {
        this.proposal = proposal;
        this.commentId = event.commentId();
        this.author = event.author();
        this.text = event.text();
        this.status = CommentStatus.VISIBLE;
    }

    @CommandHandler
    void handle(EditComment command, Actor actor, AccreditationRoster roster) {
        requireAuthor(actor, "edits");
        roster.requireCurrentIfDelegate(actor, "edit a comment");
        proposal.requireCommentsAccepted();
        requireVisible();
        if (text.equals(command.text())) {
            return;
        }
        apply(new CommentEdited(proposal.consultationId(), proposal.id(), commentId, command.text()));
    }

    @CommandHandler
    void handle(RetractComment command, Actor actor, AccreditationRoster roster) {
        requireAuthor(actor, "retracts");
        roster.requireCurrentIfDelegate(actor, "retract a comment");
        proposal.requireCommentsAccepted();
        requireVisible();
        apply(new CommentRetracted(proposal.consultationId(), proposal.id(), commentId));
    }

    @CommandHandler
    void handle(HideComment command, Actor actor) {
        require(actor.is(Role.SECRETARIAT), RefusalCode.FORBIDDEN, "only the secretariat hides comments");
        requireVisible();
        apply(new CommentHidden(proposal.consultationId(), proposal.id(), commentId, command.reason()));
    }

    @EventSourcingHandler
    void on(CommentEdited event) {
        text = event.text();
    }

    @EventSourcingHandler
    void on(CommentRetracted event) {
        status = CommentStatus.RETRACTED;
    }

    @EventSourcingHandler
    void on(CommentHidden event) {
        status = CommentStatus.HIDDEN;
    }

    /** By state, its proposal aside: Axon's test fixtures compare a handled aggregate with a replayed one. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Comment that && commentId.equals(that.commentId) && author.equals(that.author)
                && text.equals(that.text) && status == that.status;
    }

    @Override
    public int hashCode() {
        return Objects.hash(commentId, text, status);
    }

    private void requireAuthor(Actor actor, String action) {
        require(author.equals(actor.username()), RefusalCode.FORBIDDEN, "only its author " + action + " a comment");
    }

    private void requireVisible() {
        require(status == CommentStatus.VISIBLE, RefusalCode.WRONG_PHASE,
                "the comment is " + status.name().toLowerCase());
    }
}
