package org.iom.idm.proposal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Adding, editing, retracting and hiding comments over HTTP (CONTRACT §3 rule 3, §4, §5). */
class CommentApiTest extends ApiTestSupport {

    // --- POST /api/consultations/{cid}/proposals/{pid}/comments -----------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {SECRETARIAT, CHAIR, OBSERVER})
    void everyRoleComments(String user) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);

        String mid = assertCreated(as(user).post(proposal(cid, pid) + "/comments",
                Map.of("text", "t".repeat(5000))), "id");

        assertThat(lastPayloadOf(cid, CommentAdded.class))
                .isEqualTo(new CommentAdded(cid, pid, mid, user, null, "t".repeat(5000), null));
    }

    @Test
    void aDelegatesCommentCarriesItsMemberState() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String state = claimMemberState();

        String mid = assertCreated(as(delegateOf(state)).post(proposal(cid, pid) + "/comments",
                Map.of("text", "We support this")), "id");

        DomainEventMessage<?> event = lastEventOf(cid);
        assertThat(event.getPayload())
                .isEqualTo(new CommentAdded(cid, pid, mid, delegateOf(state), state, "We support this", null));
        assertActor(event, delegateOf(state), "DELEGATE", state);
    }

    @Test
    void aCommentRepliesToAnotherOnTheSameProposal() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String original = addComment(cid, pid, OBSERVER);

        String reply = assertCreated(as(CHAIR).post(proposal(cid, pid) + "/comments",
                Map.of("text", "Indeed", "inReplyTo", original)), "id");

        CommentAdded added = lastPayloadOf(cid, CommentAdded.class);
        assertThat(added.commentId()).isEqualTo(reply);
        assertThat(added.inReplyTo()).isEqualTo(original);
    }

    @Test
    void commentsAreStillAcceptedWhileVoting() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);

        addComment(cid, pid, OBSERVER);

        assertThat(lastEventOf(cid).getPayload()).isInstanceOf(CommentAdded.class);
    }

    @Test
    void commentingOnAnUnknownProposalIsNotFound() {
        String cid = newConsultation();

        assertRejected(404, "NOT_FOUND", () -> as(OBSERVER).post(proposal(cid, uniqueId("missing")) + "/comments",
                Map.of("text", "Hello")));
    }

    @Test
    void commentingInAnUnknownConsultationIsNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(OBSERVER).post(proposal(uniqueId("missing"), "p") + "/comments",
                Map.of("text", "Hello")));
    }

    @Test
    void replyingToAnUnknownCommentIsNotFound() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);

        assertRejected(404, "NOT_FOUND", () -> as(OBSERVER).post(proposal(cid, pid) + "/comments",
                Map.of("text", "Hello", "inReplyTo", uniqueId("missing"))));
    }

    @Test
    void replyingToACommentOnAnotherProposalIsNotFound() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String elsewhere = addComment(cid, submitProposal(cid, SECRETARIAT), OBSERVER);

        assertRejected(404, "NOT_FOUND", () -> as(OBSERVER).post(proposal(cid, pid) + "/comments",
                Map.of("text", "Hello", "inReplyTo", elsewhere)));
    }

    @ParameterizedTest
    @MethodSource("invalidTexts")
    void aCommentNeedsTextWithinTheLimit(String text) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);

        assertInvalid(() -> as(OBSERVER).post(proposal(cid, pid) + "/comments", body), "text");
    }

    static Stream<String> invalidTexts() {
        return Stream.of(null, "", " \t ", "t".repeat(5001));
    }

    @Test
    void noCommentsOnceVotingHasClosed() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        closeVoting(cid);

        assertRejected(409, "WRONG_PHASE", () -> as(OBSERVER).post(proposal(cid, pid) + "/comments",
                Map.of("text", "Too late")));
    }

    @Test
    void noCommentsInACancelledConsultation() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        assertNoContent(as(SECRETARIAT).post(consultation(cid) + "/cancel", reason("Superseded")));

        assertRejected(409, "WRONG_PHASE", () -> as(OBSERVER).post(proposal(cid, pid) + "/comments",
                Map.of("text", "Too late")));
    }

    @Test
    void noCommentsOnAWithdrawnProposal() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        withdraw(cid, pid, SECRETARIAT);

        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(OBSERVER).post(proposal(cid, pid) + "/comments",
                Map.of("text", "Pity")));
    }

    // --- PUT /api/consultations/{cid}/proposals/{pid}/comments/{mid} ------------------------------------------

    @Test
    void theAuthorEditsTheComment() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);

        assertNoContent(as(OBSERVER).put(comment(cid, pid, mid), Map.of("text", "On reflection, yes")));

        assertThat(lastPayloadOf(cid, CommentEdited.class))
                .isEqualTo(new CommentEdited(cid, pid, mid, "On reflection, yes"));
        assertActor(lastEventOf(cid), OBSERVER, "OBSERVER", null);
    }

    @Test
    void theAuthorEditsWhileVoting() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);
        openVoting(cid);

        assertNoContent(as(OBSERVER).put(comment(cid, pid, mid), Map.of("text", "Still relevant")));

        assertThat(lastPayloadOf(cid, CommentEdited.class).text()).isEqualTo("Still relevant");
    }

    @ParameterizedTest
    @ValueSource(strings = {SECRETARIAT, CHAIR, "delegate-phl"})
    void onlyTheAuthorEdits(String user) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);

        assertRejected(403, "FORBIDDEN", () -> as(user).put(comment(cid, pid, mid), Map.of("text", "Rewritten")));
    }

    @Test
    void editingAnUnknownCommentIsNotFound() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);

        assertRejected(404, "NOT_FOUND", () -> as(OBSERVER).put(comment(cid, pid, uniqueId("missing")),
                Map.of("text", "Rewritten")));
    }

    @Test
    void editingACommentThroughAnotherProposalIsNotFound() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String other = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);

        assertRejected(404, "NOT_FOUND", () -> as(OBSERVER).put(comment(cid, other, mid),
                Map.of("text", "Rewritten")));
    }

    @ParameterizedTest
    @MethodSource("invalidTexts")
    void anEditNeedsTextWithinTheLimit(String text) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);

        assertInvalid(() -> as(OBSERVER).put(comment(cid, pid, mid), body), "text");
    }

    @Test
    void noEditsOnceVotingHasClosed() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);
        openVoting(cid);
        closeVoting(cid);

        assertRejected(409, "WRONG_PHASE", () -> as(OBSERVER).put(comment(cid, pid, mid),
                Map.of("text", "Too late")));
    }

    @Test
    void aRetractedCommentCannotBeEdited() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);
        assertNoContent(as(OBSERVER).post(comment(cid, pid, mid) + "/retract"));

        assertRejected(409, "WRONG_PHASE", () -> as(OBSERVER).put(comment(cid, pid, mid),
                Map.of("text", "Back again")));
    }

    @Test
    void aHiddenCommentCannotBeEdited() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);
        assertNoContent(as(SECRETARIAT).post(comment(cid, pid, mid) + "/hide", reason("Off topic")));

        assertRejected(409, "WRONG_PHASE", () -> as(OBSERVER).put(comment(cid, pid, mid),
                Map.of("text", "Back again")));
    }

    // --- POST .../comments/{mid}/retract ----------------------------------------------------------------------

    @Test
    void theAuthorRetractsTheComment() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String state = claimMemberState();
        String mid = addComment(cid, pid, delegateOf(state));

        assertNoContent(as(delegateOf(state)).post(comment(cid, pid, mid) + "/retract"));

        assertThat(lastPayloadOf(cid, CommentRetracted.class)).isEqualTo(new CommentRetracted(cid, pid, mid));
        assertActor(lastEventOf(cid), delegateOf(state), "DELEGATE", state);
    }

    @ParameterizedTest
    @ValueSource(strings = {SECRETARIAT, CHAIR, "delegate-phl"})
    void onlyTheAuthorRetracts(String user) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);

        assertRejected(403, "FORBIDDEN", () -> as(user).post(comment(cid, pid, mid) + "/retract"));
    }

    @Test
    void retractingAnUnknownCommentIsNotFound() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);

        assertRejected(404, "NOT_FOUND", () -> as(OBSERVER).post(comment(cid, pid, uniqueId("missing"))
                + "/retract"));
    }

    @Test
    void aCommentIsRetractedOnlyOnce() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);
        assertNoContent(as(OBSERVER).post(comment(cid, pid, mid) + "/retract"));

        assertRejected(409, "WRONG_PHASE", () -> as(OBSERVER).post(comment(cid, pid, mid) + "/retract"));
    }

    @Test
    void noRetractionsOnceVotingHasClosed() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);
        openVoting(cid);
        closeVoting(cid);

        assertRejected(409, "WRONG_PHASE", () -> as(OBSERVER).post(comment(cid, pid, mid) + "/retract"));
    }

    // --- POST .../comments/{mid}/hide -------------------------------------------------------------------------

    @Test
    void theSecretariatHidesACommentWithAReason() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);

        assertNoContent(as(SECRETARIAT).post(comment(cid, pid, mid) + "/hide", reason("r".repeat(2000))));

        assertThat(lastPayloadOf(cid, CommentHidden.class))
                .isEqualTo(new CommentHidden(cid, pid, mid, "r".repeat(2000)));
        assertActor(lastEventOf(cid), SECRETARIAT, "SECRETARIAT", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAIR, OBSERVER, "delegate-phl"})
    void onlyTheSecretariatHidesEvenTheAuthorsOwnComment(String user) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, user);

        assertRejected(403, "FORBIDDEN", () -> as(user).post(comment(cid, pid, mid) + "/hide",
                reason("Off topic")));
    }

    @Test
    void hidingAnUnknownCommentIsNotFound() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);

        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post(comment(cid, pid, uniqueId("missing"))
                + "/hide", reason("Off topic")));
    }

    @ParameterizedTest
    @MethodSource("invalidReasons")
    void hidingNeedsAReasonWithinTheLimit(String reason) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);

        assertInvalid(() -> as(SECRETARIAT).post(comment(cid, pid, mid) + "/hide", body), "reason");
    }

    static Stream<String> invalidReasons() {
        return Stream.of(null, "", "r".repeat(2001));
    }

    @Test
    void aCommentIsHiddenOnlyOnce() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String mid = addComment(cid, pid, OBSERVER);
        assertNoContent(as(SECRETARIAT).post(comment(cid, pid, mid) + "/hide", reason("Off topic")));

        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(comment(cid, pid, mid) + "/hide",
                reason("Again")));
    }
}
