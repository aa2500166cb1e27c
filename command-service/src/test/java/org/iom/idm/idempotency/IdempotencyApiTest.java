package org.iom.idm.idempotency;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: a POST sent again with the same {@code Idempotency-Key} and body gets the first answer and changes
 * nothing more; the same key with another request is refused; a request without the key is handled each time.
 */
class IdempotencyApiTest extends ApiTestSupport {

    private static final String KEY = "Idempotency-Key";

    @Autowired
    private CommandBus commandBus;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private TransactionManager transactionManager;
    @Autowired
    private IdempotencyKeys keys;

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

    /**
     * Two attempts on two instances: this one looked for its key before the other committed, and is then refused
     * for what the other did (its title is taken). Its answer is the other's, as if it had found the key.
     */
    @Test
    void anAttemptRefusedForWhatItsTwinCommittedMeanwhileAnswersTheTwinsAnswer() throws Exception {
        String cid = newConsultation();
        String state = claimMemberState();
        Caller delegate = as(delegateOf(state)).header(KEY, newKey());
        Map<String, String> body = Map.of("title", "Diasporas and Development", "summary", "Why it matters");
        String twins = "diasporas-from-the-other-instance";
        MessageHandlerInterceptor<CommandMessage<?>> otherInstanceCommitsFirst = (unitOfWork, chain) -> {
            CommandMessage<?> command = unitOfWork.getMessage();
            if (command.getPayload() instanceof SubmitProposal submit && submit.consultationId().equals(cid)) {
                otherInstance(() -> {
                    long next = lastEventOf(cid).getSequenceNumber() + 1;
                    eventStore.publish(new GenericDomainEventMessage<>("Consultation", cid, next,
                            new ProposalSubmitted(cid, twins, submit.title(), submit.summary(), state)));
                    keys.store(delegateOf(state), IdempotentRequest.fromMetaData(command.getMetaData()), twins);
                });
            }
            return chain.proceed();
        };
        Registration registration = commandBus.registerHandlerInterceptor(otherInstanceCommitsFirst);
        Reply reply;
        try {
            reply = delegate.post(proposalsOf(cid), body);
        } finally {
            registration.cancel();
        }

        assertThat(assertCreated(reply, "id")).isEqualTo(twins);
        assertThat(payloadsOf(cid, ProposalSubmitted.class)).extracting(ProposalSubmitted::proposalId)
                .containsExactly(twins);
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

    /** Commits the work in a transaction of its own, on another thread, as another instance would. */
    private void otherInstance(Runnable work) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(() -> transactionManager.executeInTransaction(work)).get(30, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private <T> List<T> payloadsOf(String aggregateId, Class<T> type) {
        return eventsOf(aggregateId).stream().map(DomainEventMessage::getPayload).filter(type::isInstance)
                .map(type::cast).toList();
    }
}
