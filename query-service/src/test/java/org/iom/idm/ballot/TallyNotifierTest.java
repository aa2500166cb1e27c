package org.iom.idm.ballot;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.UpdateHandlerRegistration;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.consultation.MajorityRule;
import org.iom.idm.consultation.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.axonframework.messaging.responsetypes.ResponseTypes.instanceOf;
import static org.axonframework.messaging.responsetypes.ResponseTypes.optionalInstanceOf;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The tally notifier on its own: which consultations' tallies it computes and pushes (those watched through this
 * instance), and what tells it that a tally includes a change (this instance's commit, or a look at the shared
 * tally where another instance keeps it). The tallies are a mock that counts what is read.
 */
class TallyNotifierTest {

    /** Far longer than any of these tests runs: a push that arrives did not wait for it. */
    private static final Duration MINUTES = Duration.ofMinutes(10);

    private final TallyProjection tallies = mock(TallyProjection.class);
    private final TallyCommits commits = new TallyCommits();
    private final SimpleQueryUpdateEmitter updates = SimpleQueryUpdateEmitter.builder().build();
    private final List<Tally> pushed = new CopyOnWriteArrayList<>();
    private final ExecutorService processor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopProcessor() {
        processor.shutdownNow();
    }

    @Test
    void aChangeToAConsultationNobodyWatchesComputesNoTallyAndLooksNothingUp() {
        watch("watched");
        storedTally("watched");
        commits.committed(Map.of("watched", 3L, "unwatched", 7L));

        batch(notifier(MINUTES, MINUTES), Map.of("unwatched", 7L, "watched", 3L));

        verify(tallies, never()).tallyOf("unwatched");
        verify(tallies, never()).appliedSequences(any());
        assertThat(pushed).extracting(Tally::consultationId).containsExactly("watched");
    }

    @Test
    void aClosedSubscriptionNoLongerCountsAsWatching() {
        watch("closed").getRegistration().cancel();
        storedTally("closed");
        commits.committed(Map.of("closed", 2L));

        batch(notifier(MINUTES, MINUTES), Map.of("closed", 2L));

        verify(tallies, never()).tallyOf("closed");
        assertThat(pushed).isEmpty();
    }

    @Test
    void aWatchedConsultationIsPushedOnThisInstancesCommitWithoutWaitingForTheFallbackLook() throws Exception {
        watch("voting");
        storedTally("voting");
        TallyNotifier notifier = notifier(MINUTES, MINUTES);
        CompletableFuture<Thread> processorThread = new CompletableFuture<>();
        Future<?> handled = processor.submit(() -> {
            processorThread.complete(Thread.currentThread());
            batch(notifier, Map.of("voting", 5L));
        });
        Thread waiting = processorThread.get();
        await("the notifier waiting for the commit").until(() -> waiting.getState() == Thread.State.TIMED_WAITING);

        commits.committed(Map.of("voting", 5L));

        // A guard against hanging only: the fallback look would come after MINUTES.
        handled.get(MINUTES.toMinutes() / 2, TimeUnit.MINUTES);
        assertThat(pushed).extracting(Tally::consultationId).containsExactly("voting");
        verify(tallies, never()).appliedSequences(any());
    }

    @Test
    void aStreamOpenedWhileTheChangeCommitsIsPushedTheChange() throws Exception {
        storedTally("opening");
        TallyNotifier notifier = notifier(MINUTES, MINUTES);
        CompletableFuture<Thread> processorThread = new CompletableFuture<>();
        Future<?> handled = processor.submit(() -> {
            processorThread.complete(Thread.currentThread());
            batch(notifier, Map.of("opening", 6L));
        });
        Thread waiting = processorThread.get();
        await("the notifier waiting for the commit").until(() -> waiting.getState() == Thread.State.TIMED_WAITING);

        // Its first tally may have been read before the commit: only the push brings it the change.
        watch("opening");
        commits.committed(Map.of("opening", 6L));

        handled.get(MINUTES.toMinutes() / 2, TimeUnit.MINUTES);
        assertThat(pushed).extracting(Tally::consultationId).containsExactly("opening");
    }

    @Test
    void aTallyAnotherInstanceKeepsIsFoundByTheFallbackLook() {
        watch("elsewhere");
        storedTally("elsewhere");
        List<Set<String>> looks = new CopyOnWriteArrayList<>();
        when(tallies.appliedSequences(any())).thenAnswer(look -> {
            looks.add(Set.copyOf(look.<Collection<String>>getArgument(0)));
            return Map.of("elsewhere", looks.size() == 1 ? 8L : 9L);
        });

        batch(notifier(Duration.ofMillis(1), MINUTES), Map.of("elsewhere", 9L));

        assertThat(looks).as("the shared tally looked at until it includes the change")
                .containsExactly(Set.of("elsewhere"), Set.of("elsewhere"));
        assertThat(pushed).extracting(Tally::consultationId).containsExactly("elsewhere");
    }

    @Test
    void aTallyIsNotPushedBeforeItIncludesTheConsultationsLatestChangeOfTheBatch() {
        watch("behind");
        storedTally("behind");
        commits.committed(Map.of("behind", 4L));
        when(tallies.appliedSequences(any())).thenReturn(Map.of("behind", 4L));

        batch(notifier(Duration.ofMillis(1), Duration.ofMillis(20)), Map.of("behind", 5L));

        verify(tallies, never()).tallyOf(any());
        assertThat(pushed).isEmpty();
    }

    private TallyNotifier notifier(Duration fallbackInterval, Duration patience) {
        return new TallyNotifier(tallies, commits, updates,
                new TallyStreamProperties(Duration.ofSeconds(15), fallbackInterval, patience, 100));
    }

    /** A subscription query on the consultation's tally, as a tally stream makes; what it receives is pushed. */
    private UpdateHandlerRegistration<Tally> watch(String consultationId) {
        UpdateHandlerRegistration<Tally> registration = updates.registerUpdateHandler(
                new GenericSubscriptionQueryMessage<>(new FindTally(consultationId), optionalInstanceOf(Tally.class),
                        instanceOf(Tally.class)), 16);
        registration.getUpdates().subscribe(update -> pushed.add(update.getPayload()));
        return registration;
    }

    private void storedTally(String consultationId) {
        when(tallies.tallyOf(consultationId)).thenReturn(Optional.of(new Tally(consultationId, Phase.VOTING, 10, 1, 0,
                6, false, List.of(), List.of(), 1, Outcome.pending(MajorityRule.PLURALITY))));
    }

    /**
     * One batch of the notifier's processor: a ballot of each consultation with that sequence number. Returns once
     * the batch has committed and the notifier has pushed what it pushes.
     */
    private static void batch(TallyNotifier notifier, Map<String, Long> ballots) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        ballots.forEach((consultationId, sequence) ->
                notifier.on(new BallotCast(consultationId, "PHL", List.of("p1"), false), sequence));
        batch.commit();
    }
}
