package org.iom.idm.readmodel;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.readmodel.ProjectionStatus.Rebuild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The bulk rebuild (issue 16): the old read models answer until the new ones take their place in one commit, the
 * processors then go on from the head and the audit trail's chain grows on from the rebuilt one, and a rebuild that
 * fails changes nothing. Row for row equality with the live read models: {@link ProjectionRebuildTest}.
 */
class BulkRebuildTest extends AbstractProjectionTest {

    private static final String READ_MODELS = ReadModels.PROCESSING_GROUP;

    @Autowired
    private BulkRebuild bulkRebuild;
    @Autowired
    private PoisonedEvents poison;
    @Autowired
    private PoisonedAuditEvents auditPoison;
    @Autowired
    private ApiClient api;

    @Override
    protected Collection<String> processorsToAwait() {
        return streamingProcessors().keySet();
    }

    @AfterEach
    void noHoldAndNoFault() {
        bulkRebuild.afterEachPage = (position, head) -> {
        };
        poison.heal();
        auditPoison.heal();
    }

    @Test
    void eventsAfterABulkRebuildChainOntoTheRebuiltAuditTrailAndProjectAsAnotherRebuildWould() {
        RichHistory.feed(this);
        rebuildEveryReadModel();

        RichHistory.feed(this);
        awaitProjections();

        assertThat(api.ok("secretariat", "/api/audit/verify").path("verified").asBoolean())
                .as("the audit trail verifies against the event store").isTrue();
        ReadModelTables tables = new ReadModelTables(db);
        Map<String, List<Map<String, Object>>> live = tables.rows();
        rebuildEveryReadModel();
        Map<String, List<Map<String, Object>>> rebuilt = tables.rows();
        live.forEach((table, rows) -> assertThat(rebuilt.get(table)).as("rows of %s", table).isEqualTo(rows));
    }

    /**
     * Held at its first page's end, the rebuild's transaction has emptied every read model and written them anew in
     * part; readers still get the whole old read models, through the API as in the tables.
     */
    @Test
    void whileABulkRebuildRunsTheServiceAnswersFromTheOldReadModels() throws InterruptedException {
        RichHistory history = RichHistory.feed(this);
        awaitProjections();
        ReadModelTables tables = new ReadModelTables(db);
        Map<String, List<Map<String, Object>>> before = tables.rows();
        Map<String, String> readsBefore = reads(history);
        CountDownLatch atPageEnd = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holdAtAPageEnd(atPageEnd, release);
        try {
            projections.rebuildAll();
            assertThat(atPageEnd.await(PROCESSING_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("the rebuild at its first page's end").isTrue();

            assertThat(projections.status()).allSatisfy(status -> {
                if (status.rebuild() != null) {
                    assertThat(status.rebuild().state()).isEqualTo(Rebuild.State.RUNNING);
                    assertThat(status.rebuild().position()).isPositive();
                    assertThat(status.running()).as("%s running", status.processingGroup()).isFalse();
                }
            });
            assertThat(reads(history)).isEqualTo(readsBefore);
            assertThat(tables.rows()).isEqualTo(before);
        } finally {
            release.countDown();
        }

        assertThat(awaitRebuildEnded().state()).isEqualTo(Rebuild.State.DONE);
        awaitProjections();
        assertThat(tables.rows()).isEqualTo(before);
    }

    /**
     * A handler that fails part-way undoes the whole rebuild: the old read models stay, the operator learns why, and
     * the processors go on from where they were, the audit trail's chain with them.
     */
    @Test
    void aFailedBulkRebuildLeavesTheOldReadModelsAndTheProcessorsGoOnWhereTheyWere() {
        String faulty = newMemberStateCode();
        feedMemberState(faulty, new MemberStateRegistered(faulty, "Faultland"));
        RichHistory.feed(this);
        awaitProjections();
        ReadModelTables tables = new ReadModelTables(db);
        Map<String, List<Map<String, Object>>> before = tables.rows();
        poison.failOn(faulty);

        projections.rebuildAll();
        Rebuild failed = awaitRebuildEnded();
        poison.heal();

        assertThat(failed.state()).isEqualTo(Rebuild.State.FAILED);
        assertThat(failed.failure()).contains("injected fault", faulty);
        awaitProjections();
        assertThat(tables.rows()).isEqualTo(before);
        String later = newMemberStateCode();
        feedMemberState(later, new MemberStateRegistered(later, "Laterland"));
        assertThat(memberStates()).extracting(MemberStateView::code).contains(faulty, later);
        assertThat(api.ok("secretariat", "/api/audit/verify").path("verified").asBoolean())
                .as("the audit trail verifies against the event store").isTrue();
    }

    /**
     * Each processor is rebuilt in a transaction of its own, yet when the audit trail's handlers fail on the last
     * event, the read models' processor, done with every event by then, commits nothing either: a row that a rebuild
     * would write anew stays as it was, and so does every token. (Stopped here as the rebuild stops them, so that
     * no processor moves its tokens meanwhile.)
     */
    @Test
    void aFailureInOneProcessorsRebuildLeavesEveryProcessorsReadModelAndTokensAsTheyWere() {
        RichHistory.feed(this);
        String faulty = newMemberStateCode();
        feedMemberState(faulty, new MemberStateRegistered(faulty, "Faultland"));
        db.sql("update member_state_view set name = 'Not from the events' where code = ?").param(faulty).update();
        Map<String, StreamingEventProcessor> processors = readModelProcessors();
        processors.values().forEach(StreamingEventProcessor::shutDown);
        try {
            ReadModelTables tables = new ReadModelTables(db);
            Map<String, List<Map<String, Object>>> before = tables.rows();
            List<String> tokensBefore = tokens();
            auditPoison.failOn(faulty);

            assertThatThrownBy(() -> bulkRebuild.rebuild(processors, (position, head) -> {
            })).hasStackTraceContaining("injected fault in the audit trail");

            assertThat(tables.rows()).isEqualTo(before);
            assertThat(tokens()).isEqualTo(tokensBefore);
        } finally {
            auditPoison.heal();
            processors.values().forEach(StreamingEventProcessor::start);
        }
        awaitProjections();
    }

    @Test
    void aBulkRebuildProjectsTheEventsAReadModelHadParkedAndDropsThem() {
        String parked = newMemberStateCode();
        poison.failOn(parked);
        feedMemberState(parked, new MemberStateRegistered(parked, "Parkland"));
        assertThat(projectionStatus(READ_MODELS).parkedEvents()).isEqualTo(1);
        poison.heal();

        rebuildEveryReadModel();

        assertThat(projectionStatus(READ_MODELS).parkedEvents()).isZero();
        assertThat(memberStates()).extracting(MemberStateView::code).contains(parked);
    }

    /** Else a next rebuild could stop them before they start, and they would then start in its midst. */
    @Test
    void aRebuildShowsItHasEndedOnlyOnceItsProcessorsRunAgain() {
        awaitProjections();
        projections.rebuildAll();

        assertThat(awaitRebuildEnded().state()).isEqualTo(Rebuild.State.DONE);
        readModelProcessors().forEach((name, processor) -> assertThat(processor.isRunning())
                .as("%s running", name).isTrue());
        awaitProjections();
    }

    @Test
    void aSecondRebuildWhileOneRunsIsRefused() throws InterruptedException {
        CountDownLatch atPageEnd = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holdAtAPageEnd(atPageEnd, release);
        try {
            projections.rebuildAll();
            assertThat(atPageEnd.await(PROCESSING_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            ApiClient.Reply refused = api.perform(post("/api/admin/projections/rebuild")
                    .with(httpBasic("secretariat", "demo")));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
        } finally {
            release.countDown();
        }
        assertThat(awaitRebuildEnded().state()).isEqualTo(Rebuild.State.DONE);
        awaitProjections();
    }

    /** The rebuild tells {@code atPageEnd} at a page's end, its transaction open, and goes on at {@code release}. */
    private void holdAtAPageEnd(CountDownLatch atPageEnd, CountDownLatch release) {
        bulkRebuild.afterEachPage = (position, head) -> {
            atPageEnd.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Where each processor stands, as its tokens store it. */
    private List<String> tokens() {
        return db.sql("""
                        select processor_name, segment, token_type, token from token_entry
                        order by processor_name, segment""")
                .query((rs, row) -> rs.getString("processor_name") + "/" + rs.getInt("segment") + ": "
                        + rs.getString("token_type") + " " + new String(rs.getBytes("token"), StandardCharsets.UTF_8))
                .list();
    }

    /** What readers get of the history: its consultation, tally, ballots, member states and audit trail. */
    private Map<String, String> reads(RichHistory history) {
        Map<String, String> reads = new LinkedHashMap<>();
        for (String path : List.of("/api/consultations/" + history.decided, "/api/consultations/" + history.decided
                        + "/tally", "/api/consultations/" + history.decided + "/ballots", "/api/member-states",
                "/api/audit?consultationId=" + history.decided, "/api/audit/verify")) {
            reads.put(path, api.body("secretariat", path));
        }
        return reads;
    }
}
