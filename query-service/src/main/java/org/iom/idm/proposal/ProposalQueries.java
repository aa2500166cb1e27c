package org.iom.idm.proposal;

import java.time.Instant;
import java.util.List;

/** The proposal page: every version and the comment thread. */
public interface ProposalQueries {

    record FindProposal(String consultationId, String proposalId) {
    }

    /** {@code withdrawalReason}: the proposer's, public to every reader (rule 11); null unless withdrawn. */
    record ProposalDetail(String id, String consultationId, String title, String summary, String proposer,
                          ProposalStatus status, int version, int commentCount, String withdrawalReason,
                          List<Version> versions, List<Comment> comments) {

        /** The same proposal as a reader with the given visibility of moderated comments sees it. */
        public ProposalDetail visibleTo(boolean seesModeratedText) {
            return seesModeratedText ? this : new ProposalDetail(id, consultationId, title, summary, proposer,
                    status, version, commentCount, withdrawalReason, versions,
                    comments.stream().map(Comment::withoutModeratedText).toList());
        }
    }

    record Version(int version, String title, String summary, Instant at) {
    }

    /**
     * {@code text} is null where the reader may not see it, and {@code history} (the texts an edit replaced, oldest
     * first) then empty; {@code hiddenReason} reaches every reader (rule 11). {@code editedAt}: when the current
     * text was written by an edit, null if never edited.
     */
    record Comment(String id, String author, String memberState, String text, String inReplyTo,
                   CommentStatus status, boolean edited, Instant createdAt, String hiddenReason, Instant editedAt,
                   List<CommentVersion> history) {

        Comment withoutModeratedText() {
            return status == CommentStatus.VISIBLE ? this : new Comment(id, author, memberState, null, inReplyTo,
                    status, edited, createdAt, hiddenReason, editedAt, List.of());
        }
    }

    /** A text the comment had before an edit, and when it was written: version 1 at the comment's creation. */
    record CommentVersion(int version, String text, Instant at) {
    }
}
