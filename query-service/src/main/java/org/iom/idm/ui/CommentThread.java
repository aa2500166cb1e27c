package org.iom.idm.ui;

import org.iom.idm.proposal.CommentStatus;
import org.iom.idm.proposal.ProposalQueries.Comment;

import java.util.List;

/** A comment and the replies to it, oldest first, at any depth. */
public record CommentThread(Comment comment, List<CommentThread> replies) {

    public boolean visible() {
        return comment.status() == CommentStatus.VISIBLE;
    }
}
