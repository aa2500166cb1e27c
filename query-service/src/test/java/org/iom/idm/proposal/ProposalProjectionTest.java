package org.iom.idm.proposal;

import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.ProposalQueries.Comment;
import org.iom.idm.proposal.ProposalQueries.CommentVersion;
import org.iom.idm.proposal.ProposalQueries.ProposalDetail;
import org.iom.idm.proposal.ProposalQueries.Version;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The proposal read model (ProposalProjection): every version, and the comment thread with its moderation. */
class ProposalProjectionTest extends AbstractProjectionTest {

    @Test
    void theProposalHasItsProposerStatusVersionAndCommentCount() {
        String cid = newConsultationId("proposal");
        String m1 = commentId(cid, "m1");
        feed(cid, SECRETARIAT, created(cid));
        feed(cid, delegate("PHL"), new ProposalSubmitted(cid, "p1", "Diaspora", "Engaging diasporas", "PHL"));
        feed(cid, delegate("MEX"), new CommentAdded(cid, "p1", m1, "delegate-mex", "MEX", "Support", null));

        ProposalDetail proposal = proposal(cid, "p1");
        assertThat(proposal.id()).isEqualTo("p1");
        assertThat(proposal.consultationId()).isEqualTo(cid);
        assertThat(proposal.title()).isEqualTo("Diaspora");
        assertThat(proposal.summary()).isEqualTo("Engaging diasporas");
        assertThat(proposal.proposer()).isEqualTo("PHL");
        assertThat(proposal.status()).isEqualTo(ProposalStatus.ACTIVE);
        assertThat(proposal.version()).isEqualTo(1);
        assertThat(proposal.commentCount()).isEqualTo(1);
    }

    @Test
    void aSubmittedProposalHasItsFirstVersion() {
        String cid = newConsultationId("first-version");
        feed(cid, SECRETARIAT, created(cid));
        Instant submittedAt = feed(cid, SECRETARIAT,
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));

        assertThat(proposal(cid, "p1").versions())
                .containsExactly(new Version(1, "South-South Migration", "Summary", submittedAt));
    }

    @Test
    void everyAmendmentAddsAVersionAndAllVersionsStayReadableInOrder() {
        String cid = newConsultationId("versions");
        feed(cid, SECRETARIAT, created(cid));
        Instant v1 = feed(cid, delegate("PHL"), new ProposalSubmitted(cid, "p1", "Diaspora", "First", "PHL"));
        Instant v2 = feed(cid, delegate("PHL"), new ProposalAmended(cid, "p1", 2, "Diaspora engagement", "Second"));
        Instant v3 = feed(cid, delegate("PHL"), new ProposalAmended(cid, "p1", 3, "Diasporas in development", "Third"));

        ProposalDetail proposal = proposal(cid, "p1");
        assertThat(proposal.versions()).containsExactly(
                new Version(1, "Diaspora", "First", v1),
                new Version(2, "Diaspora engagement", "Second", v2),
                new Version(3, "Diasporas in development", "Third", v3));
        assertThat(proposal.version()).isEqualTo(3);
        assertThat(proposal.title()).isEqualTo("Diasporas in development");
        assertThat(proposal.summary()).isEqualTo("Third");
    }

    @Test
    void aWithdrawnProposalStaysReadableAsWithdrawnWithItsProposersReasonForEveryReader() {
        String cid = newConsultationId("withdrawn");
        feed(cid, SECRETARIAT, created(cid));
        feed(cid, delegate("PHL"), new ProposalSubmitted(cid, "p0", "Labour", "First", "PHL"),
                new ProposalSubmitted(cid, "p1", "Diaspora", "First", "PHL"),
                new ProposalAmended(cid, "p1", 2, "Diaspora engagement", "Second"),
                new ProposalWithdrawn(cid, "p1", "Merged"));

        ProposalDetail proposal = proposal(cid, "p1");
        assertThat(proposal.status()).isEqualTo(ProposalStatus.WITHDRAWN);
        assertThat(proposal.versions()).extracting(Version::version).containsExactly(1, 2);
        assertThat(proposal.visibleTo(false).withdrawalReason()).isEqualTo("Merged");
        assertThat(proposal(cid, "p0").withdrawalReason()).as("an active proposal has none").isNull();
    }

    @Test
    void commentsKeepThreadOrderWithAuthorsAndReplies() {
        String cid = newConsultationId("thread");
        String mZ = commentId(cid, "m-z");
        String mA = commentId(cid, "m-a");
        String mM = commentId(cid, "m-m");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        Instant first = feed(cid, delegate("PHL"),
                new CommentAdded(cid, "p1", mZ, "delegate-phl", "PHL", "We support this", null));
        Instant second = feed(cid, SECRETARIAT,
                new CommentAdded(cid, "p1", mA, "secretariat", null, "Noted", mZ));
        Instant third = feed(cid, delegate("MEX"),
                new CommentAdded(cid, "p1", mM, "delegate-mex", "MEX", "So do we", mZ));

        assertThat(proposal(cid, "p1").comments()).containsExactly(
                new Comment(mZ, "delegate-phl", "PHL", "We support this", null, CommentStatus.VISIBLE, false,
                        first, null, null, List.of()),
                new Comment(mA, "secretariat", null, "Noted", mZ, CommentStatus.VISIBLE, false, second, null, null,
                        List.of()),
                new Comment(mM, "delegate-mex", "MEX", "So do we", mZ, CommentStatus.VISIBLE, false, third,
                        null, null, List.of()));
    }

    @Test
    void commentsStillArriveDuringTheVote() {
        String cid = newConsultationId("voting-comments");
        String m1 = commentId(cid, "m1");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2));
        feed(cid, delegate("PHL"), new CommentAdded(cid, "p1", m1, "delegate-phl", "PHL", "Voting for it", null));

        assertThat(proposal(cid, "p1").comments()).extracting(Comment::id).containsExactly(m1);
        assertThat(proposal(cid, "p1").commentCount()).isEqualTo(1);
    }

    @Test
    void aProposalsThreadHoldsOnlyItsOwnComments() {
        String cid = newConsultationId("own-thread");
        String m1 = commentId(cid, "m1");
        String m2 = commentId(cid, "m2");
        String m3 = commentId(cid, "m3");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Summary", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new CommentAdded(cid, "p1", m1, "delegate-phl", "PHL", "On p1", null),
                new CommentAdded(cid, "p2", m2, "delegate-phl", "PHL", "On p2", null),
                new CommentAdded(cid, "p1", m3, "delegate-phl", "PHL", "On p1 again", null));

        assertThat(proposal(cid, "p1").comments()).extracting(Comment::id).containsExactly(m1, m3);
        assertThat(proposal(cid, "p2").comments()).extracting(Comment::id).containsExactly(m2);
    }

    @Test
    void anEditedCommentHasItsNewTextAndIsMarkedEdited() {
        String cid = newConsultationId("edited");
        String m1 = commentId(cid, "m1");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        Instant createdAt = feed(cid, delegate("PHL"),
                new CommentAdded(cid, "p1", m1, "delegate-phl", "PHL", "We suport this", null));
        feed(cid, delegate("PHL"), new CommentEdited(cid, "p1", m1, "We support this"));

        Comment comment = proposal(cid, "p1").comments().get(0);
        assertThat(comment.text()).isEqualTo("We support this");
        assertThat(comment.edited()).isTrue();
        assertThat(comment.status()).isEqualTo(CommentStatus.VISIBLE);
        assertThat(comment.createdAt()).as("an edit keeps the comment's place and time").isEqualTo(createdAt);
    }

    @Test
    void anEditedCommentKeepsEachEarlierTextWithWhenItWasWrittenForEveryReader() {
        String cid = newConsultationId("history");
        String m1 = commentId(cid, "m1");
        String m2 = commentId(cid, "m2");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        Instant written = feed(cid, delegate("PHL"),
                new CommentAdded(cid, "p1", m1, "delegate-phl", "PHL", "We suport this", null),
                new CommentAdded(cid, "p1", m2, "delegate-phl", "PHL", "Never edited", null));
        Instant firstEdit = feed(cid, delegate("PHL"), new CommentEdited(cid, "p1", m1, "We support this"));
        Instant secondEdit = feed(cid, delegate("PHL"),
                new CommentEdited(cid, "p1", m1, "We support this, with remittances"));

        List<Comment> comments = proposal(cid, "p1").visibleTo(false).comments();
        Comment edited = comments.get(0);
        assertThat(edited.text()).isEqualTo("We support this, with remittances");
        assertThat(edited.editedAt()).isEqualTo(secondEdit);
        assertThat(edited.history()).containsExactly(
                new CommentVersion(1, "We suport this", written.minus(Duration.ofMinutes(1))),
                new CommentVersion(2, "We support this", firstEdit));
        assertThat(comments.get(1).history()).isEmpty();
        assertThat(comments.get(1).editedAt()).isNull();
    }

    @Test
    void aHiddenCommentsReasonReachesEveryReaderButItsTextAndEarlierTextsOnlyTheSecretariat() {
        String cid = newConsultationId("hidden-history");
        String m1 = commentId(cid, "m1");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        Instant written = feed(cid, OBSERVER, new CommentAdded(cid, "p1", m1, "observer", null, "Cheap watches", null));
        feed(cid, OBSERVER, new CommentEdited(cid, "p1", m1, "Cheap watches, today only"));
        feed(cid, SECRETARIAT, new CommentHidden(cid, "p1", m1, "Advertising"));

        Comment restricted = proposal(cid, "p1").visibleTo(false).comments().get(0);
        assertThat(restricted.hiddenReason()).isEqualTo("Advertising");
        assertThat(restricted.text()).isNull();
        assertThat(restricted.history()).isEmpty();
        assertThat(restricted.edited()).isTrue();

        Comment full = proposal(cid, "p1").visibleTo(true).comments().get(0);
        assertThat(full.text()).isEqualTo("Cheap watches, today only");
        assertThat(full.history()).containsExactly(new CommentVersion(1, "Cheap watches", written));
        assertThat(full.hiddenReason()).isEqualTo("Advertising");
    }

    @Test
    void aRetractedCommentIsRetracted() {
        String cid = newConsultationId("retracted");
        String m1 = commentId(cid, "m1");
        String m2 = commentId(cid, "m2");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new CommentAdded(cid, "p1", m1, "delegate-phl", "PHL", "First thoughts", null),
                new CommentAdded(cid, "p1", m2, "delegate-phl", "PHL", "Second thoughts", null),
                new CommentRetracted(cid, "p1", m1));

        assertThat(proposal(cid, "p1").comments())
                .extracting(Comment::id, Comment::status)
                .containsExactly(tuple(m1, CommentStatus.RETRACTED), tuple(m2, CommentStatus.VISIBLE));
    }

    @Test
    void aHiddenCommentIsHiddenWithTheSecretariatsReason() {
        String cid = newConsultationId("hidden");
        String m1 = commentId(cid, "m1");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", m1, "observer", null, "Buy cheap watches", null));
        feed(cid, SECRETARIAT, new CommentHidden(cid, "p1", m1, "Spam"));

        Comment comment = proposal(cid, "p1").comments().get(0);
        assertThat(comment.status()).isEqualTo(CommentStatus.HIDDEN);
        assertThat(comment.hiddenReason()).isEqualTo("Spam");
        assertThat(comment.text()).as("the secretariat still sees the text").isEqualTo("Buy cheap watches");
    }

    @Test
    void readersWhoMayNotSeeModeratedTextGetNoTextOfHiddenOrRetractedCommentsButTheHidingReason() {
        String cid = newConsultationId("moderated");
        String m1 = commentId(cid, "m1");
        String m2 = commentId(cid, "m2");
        String m3 = commentId(cid, "m3");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new CommentAdded(cid, "p1", m1, "delegate-phl", "PHL", "Visible text", null),
                new CommentAdded(cid, "p1", m2, "delegate-phl", "PHL", "Retracted text", null),
                new CommentRetracted(cid, "p1", m2));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", m3, "observer", null, "Hidden text", m1));
        feed(cid, SECRETARIAT, new CommentHidden(cid, "p1", m3, "Off topic"));

        ProposalDetail full = proposal(cid, "p1");
        ProposalDetail restricted = full.visibleTo(false);

        assertThat(restricted.comments())
                .extracting(Comment::id, Comment::status, Comment::text, Comment::hiddenReason, Comment::inReplyTo,
                        Comment::author)
                .containsExactly(
                        tuple(m1, CommentStatus.VISIBLE, "Visible text", null, null, "delegate-phl"),
                        tuple(m2, CommentStatus.RETRACTED, null, null, null, "delegate-phl"),
                        tuple(m3, CommentStatus.HIDDEN, null, "Off topic", m1, "observer"));
        assertThat(restricted.versions()).isEqualTo(full.versions());
        assertThat(full.visibleTo(true)).as("the secretariat sees everything").isEqualTo(full);
        assertThat(full.comments()).extracting(Comment::text)
                .containsExactly("Visible text", "Retracted text", "Hidden text");
    }

    @Test
    void textsAsLongAsTheContractAllowsAreKeptInFull() {
        String cid = longestConsultationId();
        String m1 = UUID.randomUUID().toString();
        String title = text(200);
        String summary = text(5000);
        String amendedTitle = text(199) + "!";
        String amendedSummary = text(4999) + "!";
        String comment = text(5000);
        String edit = text(4999) + "!";
        String reason = text(2000);
        feed(cid, SECRETARIAT, created(cid), new ProposalSubmitted(cid, "p1", title, summary, Proposer.ADMINISTRATION),
                new ProposalAmended(cid, "p1", 2, amendedTitle, amendedSummary));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", m1, "observer", null, comment, null),
                new CommentEdited(cid, "p1", m1, edit));
        feed(cid, SECRETARIAT, new CommentHidden(cid, "p1", m1, reason));

        ProposalDetail proposal = proposal(cid, "p1");
        assertThat(proposal.versions()).extracting(Version::title, Version::summary)
                .containsExactly(tuple(title, summary), tuple(amendedTitle, amendedSummary));
        assertThat(proposal.comments()).extracting(Comment::text, Comment::hiddenReason)
                .containsExactly(tuple(edit, reason));
        assertThat(proposal.comments().get(0).history()).extracting(CommentVersion::text).containsExactly(comment);
    }

    /** The limits count characters: 200 outside the Basic Multilingual Plane are 400 UTF-16 units. */
    @Test
    void textsAsLongAsTheContractAllowsInCharactersBeyondTheBasicPlaneAreKeptInFull() {
        String cid = newConsultationId("wide-texts");
        String m1 = UUID.randomUUID().toString();
        String title = "\uD83C\uDF0D".repeat(200);
        String summary = "\uD840\uDC00".repeat(5000);
        String comment = "\uD83D\uDE00".repeat(5000);
        String edit = "\uD83D\uDE01".repeat(5000);
        String reason = "\uD83D\uDE4F".repeat(2000);
        feed(cid, SECRETARIAT, created(cid), new ProposalSubmitted(cid, "p1", title, summary, Proposer.ADMINISTRATION));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", m1, "observer", null, comment, null),
                new CommentEdited(cid, "p1", m1, edit));
        feed(cid, SECRETARIAT, new CommentHidden(cid, "p1", m1, reason),
                new ProposalWithdrawn(cid, "p1", reason));

        ProposalDetail proposal = proposal(cid, "p1");
        assertThat(proposal.versions()).extracting(Version::title, Version::summary)
                .containsExactly(tuple(title, summary));
        assertThat(proposal.comments()).extracting(Comment::text, Comment::hiddenReason)
                .containsExactly(tuple(edit, reason));
        assertThat(proposal.comments().get(0).history()).extracting(CommentVersion::text).containsExactly(comment);
    }

    @Test
    void anUnknownProposalIsNotFound() {
        String cid = newConsultationId("unknown-proposal");
        feed(cid, SECRETARIAT, created(cid));

        assertThat(findProposal(cid, "p-none")).isEmpty();
        assertThat(findProposal(newConsultationId("nowhere"), "p1")).isEmpty();
    }
}
