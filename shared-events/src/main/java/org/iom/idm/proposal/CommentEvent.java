package org.iom.idm.proposal;

import org.axonframework.serialization.Revision;

/** What happens to a comment on a proposal. */
public sealed interface CommentEvent {

    String consultationId();

    String proposalId();

    String commentId();

    /** {@code memberState} is the author's state, null for the secretariat, the chair and observers. */
    @Revision("1")
    record CommentAdded(String consultationId, String proposalId, String commentId, String author,
                        String memberState, String text, String inReplyTo) implements CommentEvent {
    }

    @Revision("1")
    record CommentEdited(String consultationId, String proposalId, String commentId, String text)
            implements CommentEvent {
    }

    @Revision("1")
    record CommentRetracted(String consultationId, String proposalId, String commentId) implements CommentEvent {
    }

    @Revision("1")
    record CommentHidden(String consultationId, String proposalId, String commentId, String reason)
            implements CommentEvent {
    }
}
