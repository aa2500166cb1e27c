package org.iom.idm.idempotency;

import org.axonframework.eventhandling.DomainEventMessage;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: a POST sent again with the same {@code Idempotency-Key} and body gets the first answer and changes
 * nothing more; the same key with another request is refused; a request without the key is handled each time.
 */
class IdempotencyApiTest extends ApiTestSupport {

    private static final String KEY = "Idempotency-Key";

    @Test
    void aRetriedProposalGetsTheFirstAnswerAndStoresOneEvent() {
        String cid = newConsultation();
        Caller delegate = as(delegateOf(claimMemberState())).header(KEY, newKey());
        Map<String, String> body = Map.of("title", "Labour Mobility", "summary", "Why it matters");

        Reply first = delegate.post(proposalsOf(cid), body);
        Reply retry = delegate.post(proposalsOf(cid), body);

        String pid = assertCreated(first, "id");
        assertThat(assertCreated(retry, "id")).isEqualTo(pid);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(payloadsOf(cid, ProposalSubmitted.class)).hasSize(1);
    }

    @Test
    void aRetriedCommentAnswersTheFirstCommentsIdAndStoresOneComment() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        Caller observer = as(OBSERVER).header(KEY, newKey());

        String first = assertCreated(observer.post(proposal(cid, pid) + "/comments", Map.of("text", "Noted")), "id");
        String retry = assertCreated(observer.post(proposal(cid, pid) + "/comments", Map.of("text", "Noted")), "id");

        assertThat(retry).isEqualTo(first);
        assertThat(payloadsOf(cid, CommentAdded.class)).extracting(CommentAdded::commentId).containsExactly(first);
    }

    /** The retry finds the first attempt's id taken and would try the next one: it must answer the first's. */
    @Test
    void aRetriedCreationWithoutAnIdAnswersTheIdItsFirstAttemptMade() {
        String title = "Retried creation " + uniqueId("t");
        Caller secretariat = as(SECRETARIAT).header(KEY, newKey());
        Map<String, String> body = Map.of("title", title, "question", "Which theme?");

        String first = assertCreated(secretariat.post("/api/consultations", body), "id");
        String retry = assertCreated(secretariat.post("/api/consultations", body), "id");

        assertThat(retry).isEqualTo(first);
        assertThat(eventsOf(first)).hasSize(1);
        assertThat(eventsOf(first + "-2")).as("a second consultation under the next id").isEmpty();
    }

    @Test
    void aRetriedPostWithoutABodyGetsTheFirstAnswerInsteadOfARefusal() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);
        Caller chair = as(CHAIR).header(KEY, newKey());

        assertNoContent(chair.post(consultation(cid) + "/open-voting"));
        long events = eventsOf(cid).size();
        assertNoContent(chair.post(consultation(cid) + "/open-voting"));

        assertThat(eventsOf(cid)).hasSize((int) events);
        // Without the key, the same request is judged again, and voting is open already.
        assertProblem(as(CHAIR).post(consultation(cid) + "/open-voting"), 409, "WRONG_PHASE");
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndChangesNothing() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        Caller observer = as(OBSERVER).header(KEY, newKey());
        assertCreated(observer.post(proposal(cid, pid) + "/comments", Map.of("text", "First")), "id");

        assertRejected(422, "IDEMPOTENCY_KEY_REUSED",
                () -> observer.post(proposal(cid, pid) + "/comments", Map.of("text", "Second")));
        assertRejected(422, "IDEMPOTENCY_KEY_REUSED",
                () -> observer.post(proposal(cid, pid) + "/withdraw", reason("Another path")));
        assertThat(payloadsOf(cid, CommentAdded.class)).extracting(CommentAdded::text).containsExactly("First");
    }

    @Test
    void aKeyBelongsToTheCallerWhoSentIt() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String key = newKey();

        String observers = assertCreated(as(OBSERVER).header(KEY, key).post(proposal(cid, pid) + "/comments",
                Map.of("text", "Same words")), "id");
        String chairs = assertCreated(as(CHAIR).header(KEY, key).post(proposal(cid, pid) + "/comments",
                Map.of("text", "Same words")), "id");

        assertThat(chairs).isNotEqualTo(observers);
        assertThat(payloadsOf(cid, CommentAdded.class)).extracting(CommentAdded::author)
                .containsExactly(OBSERVER, CHAIR);
    }

    @Test
    void retriesSentAtOnceStoreOneProposalAndAllGetItsId() {
        String cid = newConsultation();
        Caller delegate = as(delegateOf(claimMemberState())).header(KEY, newKey());
        Map<String, String> body = Map.of("title", "Climate and Migration", "summary", "Why it matters");

        List<Reply> replies = concurrently(4, () -> delegate.post(proposalsOf(cid), body));

        String pid = assertCreated(replies.get(0), "id");
        replies.forEach(reply -> assertThat(assertCreated(reply, "id")).isEqualTo(pid));
        assertThat(payloadsOf(cid, ProposalSubmitted.class)).extracting(ProposalSubmitted::proposalId)
                .containsExactly(pid);
    }

    @Test
    void aPostWithoutTheKeyIsHandledEachTime() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);

        String first = addComment(cid, pid, OBSERVER);
        String second = assertCreated(as(OBSERVER).post(proposal(cid, pid) + "/comments", Map.of("text", "Again")),
                "id");

        assertThat(second).isNotEqualTo(first);
        assertThat(payloadsOf(cid, CommentAdded.class)).hasSize(2);
    }

    /**
     * A refused request keeps no key: it changed nothing, so its retry is judged as the first attempt was, against
     * the state as it is now.
     */
    @Test
    void aRefusedRequestKeepsNoKeySoItsRetryIsJudgedAgain() {
        String cid = newConsultation();
        Caller chair = as(CHAIR).header(KEY, newKey());
        assertRejected(409, "WRONG_PHASE", () -> chair.post(consultation(cid) + "/open-voting"));

        submitProposal(cid, SECRETARIAT);

        assertNoContent(chair.post(consultation(cid) + "/open-voting"));
    }

    /**
     * The id is taken only when the events are appended, after the key was written: the key must go with the
     * refused append, in its transaction, or the retry would be answered 201 for a consultation never made.
     */
    @Test
    void theKeyOfACommandWhoseEventsDidNotCommitIsRolledBackWithThem() {
        String cid = newConsultation();
        Caller secretariat = as(SECRETARIAT).header(KEY, newKey());
        Map<String, String> body = Map.of("id", cid, "title", "Taken id", "question", "Which theme?");

        assertRejected(409, "ALREADY_EXISTS", () -> secretariat.post("/api/consultations", body));
        assertRejected(409, "ALREADY_EXISTS", () -> secretariat.post("/api/consultations", body));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 256})
    void aKeyOutsideOneTo255PrintableCharactersIsMalformed(int length) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);

        assertRejected(400, "MALFORMED_REQUEST", () -> as(OBSERVER).header(KEY, "k".repeat(length))
                .post(proposal(cid, pid) + "/comments", Map.of("text", "Hello")));
    }

    @Test
    void aPutIgnoresTheKeyAndStaysIdempotentByItself() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        String state = claimMemberState();
        Caller delegate = as(delegateOf(state)).header(KEY, "");
        String ballot = consultation(cid) + "/ballots/" + state;

        assertNoContent(delegate.put(ballot, Map.of("choices", List.of(pid))));
        long events = eventsOf(cid).size();
        assertNoContent(delegate.put(ballot, Map.of("choices", List.of(pid))));

        assertThat(eventsOf(cid)).hasSize((int) events);
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private <T> List<T> payloadsOf(String aggregateId, Class<T> type) {
        return eventsOf(aggregateId).stream().map(DomainEventMessage::getPayload).filter(type::isInstance)
                .map(type::cast).toList();
    }
}
