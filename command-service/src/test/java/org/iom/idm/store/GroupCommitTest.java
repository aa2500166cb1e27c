package org.iom.idm.store;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.iom.idm.ballot.BallotCommands.CastBallot;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalCommands.AddComment;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit (issue 16): commands that arrive while a group commits are judged together and appended in one
 * transaction, and each caller still gets its own answer. A gate holds the leading command until the others
 * wait in the bus, so they form the next group.
 */
class GroupCommitTest extends ApiTestSupport {

    private static final long SECONDS = 60;

    @Autowired
    private CommandBus commandBus;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private TransactionManager transactionManager;

    @Test
    void aRefusedBallotInAGroupIsAnsweredOnItsOwnAndTheOthersBallotsAreStored() throws Exception {
        Voting voting = votingOnOneProposal();
        List<String> group = List.of(claimMemberState(), claimMemberState(), claimMemberState(), claimMemberState());
        String suspended = group.get(2);
        assertNoContent(as(SECRETARIAT).post(memberState(suspended) + "/suspend-voting-rights", reason("Arrears")));

        Gate gate = new Gate(voting);
        Map<String, Reply> replies = gate.hold(ballotsOf(voting, group));

        assertNoContent(replies.get("lead"));
        for (String state : group) {
            if (state.equals(suspended)) {
                assertProblem(replies.get(state), 409, "VOTING_RIGHTS_SUSPENDED");
            } else {
                assertNoContent(replies.get(state));
            }
        }
        assertThat(gate.groupSizes(CastBallot.class, ballot -> ballot.memberState()))
                .as("the size of the group each ballot was judged in")
                .containsEntry(voting.leader(), List.of(1))
                .containsAllEntriesOf(Map.of(group.get(0), List.of(4), group.get(1), List.of(4),
                        suspended, List.of(4), group.get(3), List.of(4)));
        List<String> voted = new ArrayList<>();
        for (DomainEventMessage<?> event : eventsOf(voting.cid())) {
            if (event.getPayload() instanceof BallotCast cast) {
                voted.add(cast.memberState());
                assertActor(event, delegateOf(cast.memberState()), "DELEGATE", cast.memberState());
            }
        }
        assertThat(voted).containsExactlyInAnyOrder(voting.leader(), group.get(0), group.get(1), group.get(3));
    }

    @Test
    void aGroupWhoseCommitFailsRunsEachCommandAloneSoOnlyTheDuplicateIdIsRefused() throws Exception {
        Voting voting = votingOnOneProposal();
        String voter = claimMemberState();
        String duplicated = uniqueId("c");

        Gate gate = new Gate(voting);
        Map<String, Reply> replies = gate.hold(new LinkedHashMap<>(Map.of(
                "first", () -> create(duplicated),
                "ballot", () -> ballot(voting, voter),
                "second", () -> create(duplicated))));

        List<Integer> creations = List.of(replies.get("first").status(), replies.get("second").status());
        assertThat(creations).containsExactlyInAnyOrder(201, 409);
        Reply refused = replies.get("first").status() == 409 ? replies.get("first") : replies.get("second");
        assertProblem(refused, 409, "ALREADY_EXISTS");
        assertNoContent(replies.get("ballot"));
        assertThat(gate.groupSizes(CreateConsultation.class, creation -> "create").get("create"))
                .as("the creations were judged in one group, then each alone").containsExactly(3, 3, 1, 1);
        assertThat(eventsOf(duplicated)).hasSize(1);
        assertThat(eventsOf(voting.cid()).stream().filter(event -> event.getPayload() instanceof BallotCast cast
                && cast.memberState().equals(voter))).hasSize(1);
    }

    /**
     * Issue 17: two attempts of one request with one Idempotency-Key, judged in one group: the second finds the
     * first's key in the group's own transaction and answers its result, and the group commits once.
     */
    @Test
    void twoAttemptsWithOneIdempotencyKeyInOneGroupStoreOneComment() throws Exception {
        Voting voting = votingOnOneProposal();
        Caller observer = as(OBSERVER).header("Idempotency-Key", "group-" + uniqueId("k"));
        Supplier<Reply> comment = () -> observer.post(proposal(voting.cid(), voting.pid()) + "/comments",
                Map.of("text", "Said once"));

        Gate gate = new Gate(voting);
        Map<String, Reply> replies = gate.hold(new LinkedHashMap<>(Map.of("first", comment, "second", comment)));

        String id = assertCreated(replies.get("first"), "id");
        assertThat(assertCreated(replies.get("second"), "id")).isEqualTo(id);
        assertThat(gate.groupSizes(AddComment.class, added -> "comment").get("comment"))
                .as("the first judged in a group of both, which committed; the second answered by the key")
                .containsExactly(2);
        assertThat(eventsOf(voting.cid()).stream().filter(event -> event.getPayload() instanceof CommentAdded))
                .hasSize(1);
    }

    /**
     * A group checks the kept consultations it targets against the store in one look-up: one that another instance
     * added a ballot to is judged on its stored state, inside the group, without a failed commit and a retry.
     */
    @Test
    void aGroupJudgesAKeptConsultationThatAnotherInstanceChangedOnItsStoredState() throws Exception {
        Voting voting = votingOnOneProposal();
        Voting changedElsewhere = votingOnOneProposal();
        String state = claimMemberState();
        String voter = claimMemberState();
        long next = lastEventOf(changedElsewhere.cid()).getSequenceNumber() + 1;
        transactionManager.executeInTransaction(() -> eventStore.publish(new GenericDomainEventMessage<>(
                "Consultation", changedElsewhere.cid(), next, new BallotCast(changedElsewhere.cid(), state,
                List.of(changedElsewhere.pid()), false))));

        Gate gate = new Gate(voting);
        Map<String, Reply> replies = gate.hold(new LinkedHashMap<>(Map.of(
                "same ballot again", () -> ballot(changedElsewhere, state),
                "ballot", () -> ballot(voting, voter))));

        assertNoContent(replies.get("same ballot again"));
        assertNoContent(replies.get("ballot"));
        assertThat(gate.groupSizes(CastBallot.class, CastBallot::memberState))
                .as("judged once, in their group, which committed")
                .containsEntry(state, List.of(2)).containsEntry(voter, List.of(2));
        assertThat(eventsOf(changedElsewhere.cid()).stream().filter(event -> event.getPayload() instanceof BallotCast))
                .as("only the other instance's ballot").hasSize(1);
        assertThat(eventsOf(voting.cid()).stream().filter(event -> event.getPayload() instanceof BallotCast cast
                && cast.memberState().equals(voter))).hasSize(1);
    }

    /** A consultation open for voting on one proposal, and a state whose ballot leads the group test. */
    private record Voting(String cid, String pid, String leader) {
    }

    private Voting votingOnOneProposal() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        return new Voting(cid, pid, claimMemberState());
    }

    private Reply ballot(Voting voting, String state) {
        return as(delegateOf(state)).put(consultation(voting.cid()) + "/ballots/" + state,
                Map.of("choices", List.of(voting.pid())));
    }

    private Reply create(String id) {
        return as(SECRETARIAT).post("/api/consultations", Map.of("id", id, "title", "Consultation " + id,
                "question", "Which theme should IDM select?"));
    }

    private Map<String, Supplier<Reply>> ballotsOf(Voting voting, List<String> states) {
        Map<String, Supplier<Reply>> ballots = new LinkedHashMap<>();
        states.forEach(state -> ballots.put(state, () -> ballot(voting, state)));
        return ballots;
    }

    /**
     * Holds the command that leads until the others wait in the bus, and records the size of each unit of work
     * a command was judged in.
     */
    private final class Gate implements MessageHandlerInterceptor<CommandMessage<?>> {

        private final Voting voting;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final List<Map.Entry<Object, Integer>> judged = new ArrayList<>();

        Gate(Voting voting) {
            this.voting = voting;
        }

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            CommandMessage<?> command = unitOfWork.getMessage();
            synchronized (judged) {
                judged.add(Map.entry(command.getPayload(), unitOfWork instanceof BatchingUnitOfWork<?> batch
                        ? batch.getMessages().size() : 1));
            }
            if (command.getPayload() instanceof CastBallot ballot && ballot.consultationId().equals(voting.cid())
                    && ballot.memberState().equals(voting.leader())) {
                entered.countDown();
                assertThat(released.await(SECONDS, TimeUnit.SECONDS)).as("the gate opened").isTrue();
            }
            return chain.proceed();
        }

        /** Sends the leader's ballot, then the others while it is held; the replies by the others' keys. */
        Map<String, Reply> hold(Map<String, Supplier<Reply>> others) throws Exception {
            Registration registration = commandBus.registerHandlerInterceptor(this);
            ExecutorService pool = Executors.newFixedThreadPool(others.size() + 1);
            try {
                Future<Reply> leader = pool.submit(() -> ballot(voting, voting.leader()));
                assertThat(entered.await(SECONDS, TimeUnit.SECONDS)).as("the leading command is held").isTrue();
                Map<String, Future<Reply>> waiting = new LinkedHashMap<>();
                others.forEach((key, request) -> waiting.put(key, pool.submit(request::get)));
                awaitWaitingInTheBus(others.size());
                released.countDown();
                Map<String, Reply> replies = new ConcurrentHashMap<>();
                for (Map.Entry<String, Future<Reply>> reply : waiting.entrySet()) {
                    replies.put(reply.getKey(), reply.getValue().get(SECONDS, TimeUnit.SECONDS));
                }
                replies.put("lead", leader.get(SECONDS, TimeUnit.SECONDS));
                return replies;
            } finally {
                released.countDown();
                registration.cancel();
                pool.shutdownNow();
            }
        }

        /** The sizes of the units of work each command was judged in, by a key of its payload, in order. */
        <T> Map<String, List<Integer>> groupSizes(Class<T> type, Function<T, String> key) {
            Map<String, List<Integer>> sizes = new LinkedHashMap<>();
            synchronized (judged) {
                judged.stream().filter(entry -> type.isInstance(entry.getKey()))
                        .forEach(entry -> sizes.computeIfAbsent(key.apply(type.cast(entry.getKey())),
                                k -> new ArrayList<>()).add(entry.getValue()));
            }
            return sizes;
        }
    }

    /** The request threads that wait in the bus for a group to take their command. */
    private static void awaitWaitingInTheBus(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (waitingInTheBus() < count) {
            assertThat(System.nanoTime()).as("%d commands waiting in the bus", count).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static long waitingInTheBus() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getState() == Thread.State.WAITING)
                .filter(thread -> Arrays.stream(thread.getValue()).anyMatch(frame ->
                        frame.getClassName().equals(GroupCommitCommandBus.class.getName())
                                && frame.getMethodName().equals("waitForAnswerOrLead")))
                .count();
    }
}
