package org.iom.idm.proposal;

import java.time.Instant;
import java.util.List;

/** The proposal page: every version and the comment thread. */
public interface ProposalQueries {

    record FindProposal(String consultationId, String proposalId) {
    }

    record ProposalDetail(String id, String consultationId, String title, String summary, String proposer,
                          ProposalStatus status, int version, int commentCount, List<Version> versions,
                          List<Comment> comments) {

        /** The same proposal as a reader with the given visibility of moderated comments sees it. */
        public ProposalDetail visibleTo(boolean seesModeratedText) {
            return seesModeratedText ? this : new ProposalDetail(id, consultationId, title, summary, proposer,
                    status, version, commentCount, versions, comments.stream().map(Comment::withoutModeratedText)
                    .toList());
        }
    }

    record Version(int version, String title, String summary, Instant at) {
    }

    /** {@code text} is null where the reader may not see it; {@code hiddenReason} only with the text. */
    record Comment(String id, String author, String memberState, String text, String inReplyTo,
                   CommentStatus status, boolean edited, Instant createdAt, String hiddenReason) {

        Comment withoutModeratedText() {
            return status == CommentStatus.VISIBLE ? this
                    : new Comment(id, author, memberState, null, inReplyTo, status, edited, createdAt, null);
        }
    }
}
