package org.iom.idm.readmodel;

import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.Phase;
import org.iom.idm.membership.Capacity;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.Proposer;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Rebuilding every read model from the events (Projections.rebuildAll) and what operators see of it. */
class ProjectionRebuildTest extends AbstractProjectionTest {

    /** The read-model tables of V2__read_models.sql, V8 and V13: the scenario puts rows in each of them. */
    private static final List<String> PROJECTION_TABLES = List.of("consultation_view", "consultation_proposal",
            "proposal_version", "proposal_comment", "proposal_comment_version", "member_state_view",
            "tally_consultation", "tally_proposal", "ballot_view", "ballot_choice", "accreditation",
            "accreditation_withdrawn");

    /** Tables that are not read models: the event store, the tokens, the migration history. */
    private static final List<String> OTHER_TABLES = List.of("domain_event_entry", "snapshot_event_entry",
            "token_entry", "flyway_history_query_service");

    @Autowired
    private BusyProjection busy;

    /** A rebuild replays every processor, the audit trail's too, and every read-model table is compared. */
    @Override
    protected Collection<String> processorsToAwait() {
        return streamingProcessors().keySet();
    }

    @Test
    void aRebuildYieldsExactlyTheSameRowsInEveryReadModelTable() {
        scenario();
        List<String> tables = readModelTables();
        assertThat(tables).containsAll(PROJECTION_TABLES);
        awaitProjections();
        Map<String, List<Map<String, Object>>> before = snapshot(tables);
        PROJECTION_TABLES.forEach(table ->
                assertThat(before.get(table)).as("rows of %s before the rebuild", table).isNotEmpty());

        rebuild();

        Map<String, List<Map<String, Object>>> after = snapshot(tables);
        tables.forEach(table ->
                assertThat(after.get(table)).as("rows of %s after the rebuild", table).isEqualTo(before.get(table)));
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
        scenario();
        rebuild();

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
        awaitProjections();
        readModelProcessors().forEach((name, processor) -> assertThat(processor.processingStatus().values())
                .as("%s segments reset", name)
                .allSatisfy(segment -> assertThat(segment.getResetPosition()).isPresent()));
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

            rebuild();
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

    /** Something in every read-model table, and every kind of event. */
    private void scenario() {
        String suspended = newMemberStateCode();
        String reinstated = newMemberStateCode();
        feedMemberState(suspended, new MemberStateRegistered(suspended, "Suspendia"),
                new VotingRightsSuspended(suspended, "Arrears"));
        feedMemberState(reinstated, new MemberStateRegistered(reinstated, "Reinstatia"),
                new VotingRightsSuspended(reinstated, "Arrears"), new VotingRightsReinstated(reinstated));
        feedMemberState(suspended, new DelegateAccredited(suspended, "head-of-suspendia", Capacity.HEAD),
                new DelegateAccredited(suspended, "adviser-of-suspendia", Capacity.ADVISER),
                new AccreditationWithdrawn(suspended, "adviser-of-suspendia", Capacity.ADVISER, "Recalled"));

        String theme = newConsultationId("rebuild-theme");
        String m1 = commentId(theme, "m1");
        String m2 = commentId(theme, "m2");
        String m3 = commentId(theme, "m3");
        String m4 = commentId(theme, "m4");
        feed(theme, SECRETARIAT, new ConsultationCreated(theme, "Overarching theme", "Which theme?", "Description",
                        1, null, null),
                new ProposalSubmitted(theme, "p1", "South-South Migration", "Summary 1", Proposer.ADMINISTRATION),
                new ProposalSubmitted(theme, "p2", "Migration and Social Change", "Summary 2",
                        Proposer.ADMINISTRATION));
        feed(theme, delegate("PHL"), new ProposalSubmitted(theme, "p3", "Diaspora", "Summary 3", "PHL"),
                new ProposalAmended(theme, "p3", 2, "Diasporas in development", "Summary 3, amended"),
                new CommentAdded(theme, "p1", m1, "delegate-phl", "PHL", "Support", null),
                new CommentEdited(theme, "p1", m1, "Strong support"));
        feed(theme, delegate("MEX"), new ProposalSubmitted(theme, "p4", "Climate", "Summary 4", "MEX"),
                new ProposalWithdrawn(theme, "p4", "Merged into p2"),
                new CommentAdded(theme, "p1", m2, "delegate-mex", "MEX", "Agreed", m1),
                new CommentAdded(theme, "p1", m3, "delegate-mex", "MEX", "On second thoughts", m1),
                new CommentRetracted(theme, "p1", m3));
        feed(theme, OBSERVER, new CommentAdded(theme, "p2", m4, "observer", null, "Spam", null));
        feed(theme, SECRETARIAT, new CommentHidden(theme, "p2", m4, "Spam"));
        feed(theme, CHAIR, new VotingOpened(theme, 4, 3));
        feed(theme, delegate("PHL"), new BallotCast(theme, "PHL", List.of("p1"), false));
        feed(theme, delegate("MEX"), new BallotCast(theme, "MEX", List.of("p2"), false),
                new BallotChanged(theme, "MEX", List.of("p1"), false));
        feed(theme, delegate("SEN"), new BallotCast(theme, "SEN", List.of(), true));
        feed(theme, CHAIR, new VotingClosed(theme, 3, 1, 3, true), new DecisionRecorded(theme, List.of("p1"), null));

        String workshops = newConsultationId("rebuild-workshops");
        feed(workshops, SECRETARIAT, new ConsultationCreated(workshops, "Workshop topics", "Which two?", null, 2, 5,
                        theme),
                new ProposalSubmitted(workshops, "w1", "Topic one", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(workshops, "w2", "Topic two", "Summary", Proposer.ADMINISTRATION));
        feed(workshops, CHAIR, new VotingOpened(workshops, 4, 5));
        feed(workshops, delegate("PHL"), new BallotCast(workshops, "PHL", List.of("w2", "w1"), false));
        feed(workshops, SECRETARIAT, new ConsultationCancelled(workshops, Phase.VOTING, "Postponed"));
    }

    private List<String> othersThanTheBusyOne() {
        return streamingProcessors().keySet().stream()
                .filter(name -> !name.equals(BusyProjection.PROCESSING_GROUP))
                .toList();
    }

    private void rebuild() {
        awaitProjections();
        projections.rebuildAll();
        awaitProjections();
    }

    /** Every table of the schema but the event store's, the tokens and the migration history. */
    private List<String> readModelTables() {
        return db.sql("""
                        select table_name from information_schema.tables
                        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name""")
                .query(String.class)
                .list()
                .stream()
                .filter(table -> !OTHER_TABLES.contains(table))
                .toList();
    }

    /** Each table's rows, in the order of its primary key (of all its columns if it has none). */
    private Map<String, List<Map<String, Object>>> snapshot(List<String> tables) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        tables.forEach(table -> rows.put(table,
                db.sql("select * from " + table + " order by " + orderOf(table)).query().listOfRows()));
        return rows;
    }

    private String orderOf(String table) {
        List<String> key = db.sql("""
                        select k.column_name from information_schema.table_constraints c
                        join information_schema.key_column_usage k on k.constraint_schema = c.constraint_schema
                            and k.constraint_name = c.constraint_name
                        where c.table_schema = 'public' and c.table_name = ? and c.constraint_type = 'PRIMARY KEY'
                        order by k.ordinal_position""")
                .param(table)
                .query(String.class)
                .list();
        if (!key.isEmpty()) {
            return String.join(", ", key);
        }
        return String.join(", ", db.sql("""
                        select column_name from information_schema.columns
                        where table_schema = 'public' and table_name = ? order by ordinal_position""")
                .param(table)
                .query(String.class)
                .list());
    }
}
