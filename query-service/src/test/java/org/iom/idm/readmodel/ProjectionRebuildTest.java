package org.iom.idm.readmodel;

import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Rebuilding every read model from the events (Projections.rebuildAll) and what operators see of it. */
class ProjectionRebuildTest extends AbstractProjectionTest {

    @Autowired
    private BusyProjection busy;

    /** A rebuild replays every processor, the audit trail's too, and every read-model table is compared. */
    @Override
    protected Collection<String> processorsToAwait() {
        return streamingProcessors().keySet();
    }

    /**
     * Every table of the schema is a read model or named as something else; after a rebuild each read model holds
     * exactly the rows the live processors wrote, the audit trail's chain of hashes and its labels included.
     */
    @Test
    void aRebuildWritesEveryReadModelTableRowForRowAsTheLiveProcessorsDidAuditChainIncluded() {
        RichHistory.feed(this);
        ReadModelTables tables = new ReadModelTables(db);
        assertThat(tables.all()).as("the schema's tables, each a read model or named as something else")
                .containsExactlyInAnyOrderElementsOf(Stream.concat(ReadModelTables.READ_MODELS.stream(),
                        ReadModelTables.NOT_READ_MODELS.keySet().stream()).toList());
        awaitProjections();
        Map<String, List<Map<String, Object>>> live = tables.rows();
        live.forEach((table, rows) -> assertThat(rows).as("rows of %s before the rebuild", table).isNotEmpty());

        rebuildEveryReadModel();

        Map<String, List<Map<String, Object>>> rebuilt = tables.rows();
        live.forEach((table, rows) ->
                assertThat(rebuilt.get(table)).as("rows of %s after the rebuild", table).isEqualTo(rows));
    }

    @Test
    void rebuildAllRebuildsEveryProcessingGroup() {
        List<String> rebuilt = projections.rebuildAll();
        awaitProjections();

        assertThat(rebuilt).containsAll(PROCESSING_GROUPS)
                .containsExactlyInAnyOrderElementsOf(readModelProcessors().keySet());
    }

    @Test
    void afterARebuildEveryProjectionIsRunningCaughtUpAndFreeOfErrors() {
        RichHistory.feed(this);
        rebuildEveryReadModel();

        await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> assertThat(projections.status())
                .allSatisfy(status -> {
                    assertThat(status.running()).as("%s running", status.processingGroup()).isTrue();
                    assertThat(status.error()).as("%s in error", status.processingGroup()).isFalse();
                    assertThat(status.caughtUp()).as("%s caught up", status.processingGroup()).isTrue();
                    assertThat(status.segments()).as("%s segments", status.processingGroup()).isNotEmpty();
                }));
        assertThat(projections.status()).extracting(ProjectionStatus::processingGroup)
                .containsAll(PROCESSING_GROUPS)
                .containsExactlyInAnyOrderElementsOf(readModelProcessors().keySet());
    }

    /**
     * Axon gives a busy worker only its termination time-out to stop, and a reset refuses a processor whose worker
     * still runs: the rebuild waits until the worker has finished its batch.
     */
    @Test
    void aRebuildWaitsForAWorkerBusyPastItsTerminationTimeoutAndRebuildsEveryReadModel() throws Exception {
        String code = newMemberStateCode();
        CompletableFuture<List<String>> rebuild;
        busy.holdOn(code);
        try {
            appendToMemberState(code, new MemberStateRegistered(code, "Busyland"));
            assertThat(busy.awaitHeld(PROCESSING_TIMEOUT)).as("the worker busy with the event").isTrue();
            awaitProcessors(othersThanTheBusyOne());

            rebuild = CompletableFuture.supplyAsync(projections::rebuildAll);

            assertThat(busy.awaitInterrupted(PROCESSING_TIMEOUT)).as("Axon's termination time-out past").isTrue();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(rebuild).as("the rebuild while the worker is busy").isNotDone());
        } finally {
            busy.release();
        }

        assertThat(rebuild.get(PROCESSING_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .containsExactlyInAnyOrderElementsOf(readModelProcessors().keySet());
        assertThat(awaitRebuildEnded().state()).isEqualTo(ProjectionStatus.Rebuild.State.DONE);
        awaitProjections();
        assertThat(memberStates()).extracting(MemberStateView::code).contains(code);
    }

    /**
     * A worker still busy when the rebuild's time to stop the processors is up: the rebuild is refused as the
     * service being unavailable for now (503), nothing is reset, and every processor runs on, the busy one as
     * soon as its worker is done.
     */
    @Test
    void aRebuildIsRefusedWhenAWorkerIsStillBusyAtItsStopTimeoutAndEveryProcessorRunsOn() throws Exception {
        String code = newMemberStateCode();
        busy.holdOn(code);
        try {
            appendToMemberState(code, new MemberStateRegistered(code, "Slowland"));
            assertThat(busy.awaitHeld(PROCESSING_TIMEOUT)).as("the worker busy with the event").isTrue();
            awaitProcessors(othersThanTheBusyOne());

            assertThatThrownBy(projections::rebuildAll).isInstanceOfSatisfying(RuleViolation.class, refusal -> {
                assertThat(refusal.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
                assertThat(refusal.getMessage()).contains(BusyProjection.PROCESSING_GROUP);
            });

            readModelProcessors().forEach((name, processor) -> assertThat(processor.isRunning())
                    .as("%s running again", name).isEqualTo(!name.equals(BusyProjection.PROCESSING_GROUP)));
        } finally {
            busy.release();
        }

        awaitProjections();
        readModelProcessors().forEach((name, processor) -> assertThat(processor.processingStatus().values())
                .as("%s segments not reset", name)
                .allSatisfy(segment -> assertThat(segment.getResetPosition()).isEmpty()));
        assertThat(memberStates()).extracting(MemberStateView::code).contains(code);
    }

    @Test
    void aRebuildSendsNoTallyUpdatesToSubscribers() {
        String cid = newConsultationId("rebuild-subscription");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 10, 6));
        feed(cid, delegate("PHL"), new BallotCast(cid, "PHL", List.of("p1"), false));
        feed(cid, delegate("MEX"), new BallotCast(cid, "MEX", List.of("p2"), false));
        SubscriptionQueryResult<Optional<Tally>, Tally> subscription = subscribeToTally(cid);
        try {
            subscription.initialResult().block(Duration.ofSeconds(10));

            rebuildEveryReadModel();
            appendToConsultation(cid, delegate("SEN"), new BallotCast(cid, "SEN", List.of("p2"), false));
            Tally first = subscription.updates().blockFirst(PROCESSING_TIMEOUT);

            assertThat(first).as("the first update after the rebuild is the new ballot's, none from the replay")
                    .isNotNull();
            assertThat(first.ballotsCast()).isEqualTo(3);
            assertThat(first.results()).extracting(result -> result.votes()).containsExactly(1, 2);
        } finally {
            subscription.close();
        }
        awaitProjections();
    }

    private List<String> othersThanTheBusyOne() {
        return streamingProcessors().keySet().stream()
                .filter(name -> !name.equals(BusyProjection.PROCESSING_GROUP))
                .toList();
    }
}
