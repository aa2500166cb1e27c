package org.iom.idm.audit;

import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/audit and /api/audit/export through the whole web stack (CONTRACT §4, §5): HTTP Basic and the security
 * filters, the controller, problem+json, and the export streamed asynchronously as it is in the running service.
 * The secretariat's alone, filtered, paged, and exported as CSV a spreadsheet opens and as JSON Lines.
 *
 * <p>MockMvc runs in the projection tests' shared context: a second context (a server on a random port) would
 * make the test framework pause this one, and Axon's processors do not come back from such a pause.
 */
class AuditApiTest extends AbstractProjectionTest {

    private static final String PASSWORD = "demo";
    private static final String UTF8_BOM = "\uFEFF";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AWKWARD_TITLE = "Migration, \"mobility\" and change";
    private static final String AWKWARD_COMMENT = "Côte d'Ivoire agrees, with \"reservations\":\nsee Türkiye's note; "
            + "=SUM(A1:A2)";

    @Autowired
    private WebApplicationContext context;
    private MockMvc mvc;

    /** The other projections see these events too: none of them may fail on them. */
    @Override
    protected boolean failsOnEventHandlerErrors() {
        return true;
    }

    @BeforeEach
    void webStack() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    // ---- who may read it ----

    @ParameterizedTest
    @ValueSource(strings = {"delegate-phl", "chair", "observer"})
    void onlyTheSecretariatReadsTheAuditTrail(String username) {
        assertForbidden(get(username, "/api/audit"));
        assertForbidden(get(username, "/api/audit/export?format=csv"));
        assertForbidden(get(username, "/api/audit/export?format=jsonl"));
        assertForbidden(get(username, "/api/audit/verify"));
    }

    // ---- verification ----

    @Test
    void theTrailVerifiesAgainstTheEventStoreEntryByEntry() {
        scenario();
        awaitProjections();

        JsonNode verification = ok(get("secretariat", "/api/audit/verify"));

        assertThat(verification.path("verified").asBoolean()).isTrue();
        assertThat(verification.path("entries").asLong())
                .isEqualTo(db.sql("select count(*) from audit_entry").query(Long.class).single());
        assertThat(verification.path("firstMismatchPosition").isNull()).isTrue();
    }

    @Test
    void anAlteredEntryIsFoundAtItsPosition() {
        scenario();
        awaitProjections();
        long position = db.sql("select max(event_position) from audit_entry").query(Long.class).single() - 2;
        String hash = db.sql("select hash from audit_entry where event_position = ?").param(position)
                .query(String.class).single();
        db.sql("update audit_entry set hash = ? where event_position = ?").params("0".repeat(64), position).update();
        try {
            JsonNode verification = ok(get("secretariat", "/api/audit/verify"));

            assertThat(verification.path("verified").asBoolean()).isFalse();
            assertThat(verification.path("firstMismatchPosition").asLong()).isEqualTo(position);
        } finally {
            db.sql("update audit_entry set hash = ? where event_position = ?").params(hash, position).update();
        }
    }

    @Test
    void aChangedDisplayedColumnIsFoundAtItsPosition() {
        scenario();
        awaitProjections();
        long position = db.sql("select max(event_position) from audit_entry").query(Long.class).single() - 1;
        String actor = db.sql("select actor from audit_entry where event_position = ?").param(position)
                .query(String.class).single();
        db.sql("update audit_entry set actor = ? where event_position = ?").params("someone-else", position).update();
        try {
            JsonNode verification = ok(get("secretariat", "/api/audit/verify"));

            assertThat(verification.path("verified").asBoolean()).isFalse();
            assertThat(verification.path("firstMismatchPosition").asLong()).isEqualTo(position);
        } finally {
            db.sql("update audit_entry set actor = ? where event_position = ?").params(actor, position).update();
        }
    }

    @Test
    void aTrailMissingItsNewestEntryDoesNotVerify() {
        scenario();
        awaitProjections();
        long newest = db.sql("select max(event_position) from audit_entry").query(Long.class).single();
        db.sql("create table audit_entry_kept as select * from audit_entry where event_position = ?").param(newest).update();
        db.sql("delete from audit_entry where event_position = ?").param(newest).update();
        try {
            JsonNode verification = ok(get("secretariat", "/api/audit/verify"));

            assertThat(verification.path("verified").asBoolean()).isFalse();
            assertThat(verification.path("firstMismatchPosition").asLong()).isEqualTo(newest);
        } finally {
            db.sql("insert into audit_entry select * from audit_entry_kept").update();
            db.sql("drop table audit_entry_kept").update();
        }
        assertThat(ok(get("secretariat", "/api/audit/verify")).path("verified").asBoolean()).isTrue();
    }

    @Test
    void theNewestEventDeletedFromTheStoreIsFoundAtItsPosition() {
        scenario();
        awaitProjections();
        long newest = db.sql("select max(global_index) from domain_event_entry").query(Long.class).single();
        db.sql("create table event_kept as select * from domain_event_entry where global_index = ?").param(newest).update();
        db.sql("delete from domain_event_entry where global_index = ?").param(newest).update();
        try {
            JsonNode verification = ok(get("secretariat", "/api/audit/verify"));

            assertThat(verification.path("verified").asBoolean()).isFalse();
            assertThat(verification.path("firstMismatchPosition").asLong()).isEqualTo(newest);
        } finally {
            db.sql("insert into domain_event_entry select * from event_kept").update();
            db.sql("drop table event_kept").update();
        }
        assertThat(ok(get("secretariat", "/api/audit/verify")).path("verified").asBoolean()).isTrue();
    }

    @Test
    void anEmptiedTrailDoesNotVerify() {
        scenario();
        awaitProjections();
        long first = db.sql("select min(event_position) from audit_entry").query(Long.class).single();
        db.sql("create table audit_entry_kept as select * from audit_entry").update();
        db.sql("delete from audit_entry").update();
        try {
            JsonNode verification = ok(get("secretariat", "/api/audit/verify"));

            assertThat(verification.path("verified").asBoolean()).isFalse();
            assertThat(verification.path("firstMismatchPosition").asLong()).isEqualTo(first);
        } finally {
            db.sql("insert into audit_entry select * from audit_entry_kept").update();
            db.sql("drop table audit_entry_kept").update();
        }
    }

    @Test
    void theHeadIsTheNewestEntryAndAnyoneSignedInReadsIt() {
        scenario();
        awaitProjections();
        closeEveryVote();
        long newest = db.sql("select max(event_position) from audit_entry").query(Long.class).single();

        JsonNode head = ok(get("observer", "/api/audit/head"));

        assertThat(head.path("position").asLong()).isEqualTo(newest);
        assertThat(head.path("hash").asString()).isEqualTo(hashAt(newest));
        assertThat(head.path("count").asLong()).isEqualTo(db.sql("select count(*) from audit_entry").query(Long.class).single());
        assertThat(head.path("at").asString()).isNotBlank();
        assertProblem(get(null, "/api/audit/head"), 401, "UNAUTHENTICATED");
    }

    /** CONTRACT §7: a head that moved with every ballot would show the turnout of a sealed vote. */
    @Test
    void whileAVoteIsSealedWhoMayNotSeeItsCountReadsTheHeadAsItStoodBeforeItsFirstBallot() {
        Scenario scenario = scenario();
        awaitProjections();
        long firstBallot = db.sql("select event_position from audit_entry where consultation_id = ? "
                + "and event_type = 'BallotCast'").param(scenario.cid()).query(Long.class).single();

        for (String staff : List.of("secretariat", "chair")) {
            assertThat(ok(get(staff, "/api/audit/head")).path("position").asLong()).as(staff)
                    .isEqualTo(db.sql("select max(event_position) from audit_entry").query(Long.class).single());
        }
        JsonNode observers = ok(get("observer", "/api/audit/head"));
        long position = observers.path("position").asLong();
        assertThat(position).isLessThan(firstBallot);
        assertThat(observers.path("hash").asString()).isEqualTo(hashAt(position));
        assertThat(observers.path("count").asLong()).isEqualTo(db.sql("select count(*) from audit_entry "
                + "where event_position <= ?").param(position).query(Long.class).single());
        assertThat(ok(get("delegate-phl", "/api/audit/head"))).isEqualTo(observers);

        feed(scenario.cid(), delegate(scenario.ivoryCoast()),
                new BallotChanged(scenario.cid(), scenario.ivoryCoast(), List.of("p1"), false));
        awaitProjections();
        assertThat(ok(get("observer", "/api/audit/head"))).as("after another ballot").isEqualTo(observers);
    }

    /** Closes every consultation still voting, this class's earlier ones included: no vote is sealed then. */
    private void closeEveryVote() {
        List<String> voting = db.sql("select id from consultation_view where phase = 'VOTING'").query(String.class)
                .list();
        voting.forEach(cid -> feed(cid, CHAIR, new VotingClosed(cid, 0, 0, 1, false)));
        awaitProjections();
    }

    private String hashAt(long position) {
        return db.sql("select hash from audit_entry where event_position = ?").param(position).query(String.class)
                .single();
    }

    @Test
    void signingInIsRequired() {
        assertProblem(get(null, "/api/audit"), 401, "UNAUTHENTICATED");
    }

    // ---- filters ----

    @Test
    void theTrailIsFilteredByConsultation() {
        Scenario one = scenario();
        scenario();

        JsonNode page = ok(get("secretariat", "/api/audit?consultationId=" + one.cid()));

        assertThat(entries(page)).isNotEmpty().allSatisfy(entry ->
                assertThat(entry.path("consultationId").asString()).isEqualTo(one.cid()));
        assertThat(entries(page)).hasSize(one.events());
        assertThat(page.path("next").isNull()).isTrue();
    }

    @Test
    void theTrailIsFilteredByActorAndByType() {
        Scenario scenario = scenario();

        List<JsonNode> byActor = entries(ok(get("secretariat", "/api/audit?consultationId=" + scenario.cid()
                + "&actor=" + scenario.delegate())));
        List<JsonNode> byType = entries(ok(get("secretariat", "/api/audit?consultationId=" + scenario.cid()
                + "&type=BallotChanged")));

        assertThat(byActor).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry.path("actor").asString()).isEqualTo(scenario.delegate());
            assertThat(entry.path("role").asString()).isEqualTo("DELEGATE");
            assertThat(entry.path("memberState").asString()).isEqualTo(scenario.ivoryCoast());
        });
        assertThat(byType).hasSize(1);
        assertThat(byType.get(0).path("summary").asString())
                .isEqualTo("Côte d'Ivoire changed its ballot from 'South-South Migration' to '" + AWKWARD_TITLE + "'");
        assertThat(byType.get(0).path("before").asString()).isEqualTo("'South-South Migration'");
        assertThat(byType.get(0).path("after").asString()).isEqualTo("'" + AWKWARD_TITLE + "'");
    }

    @Test
    void theTrailIsFilteredByTimeFromInclusiveToExclusive() {
        String cid = newConsultationId("audit-time");
        Instant first = feed(cid, SECRETARIAT, created(cid));
        Instant second = feed(cid, SECRETARIAT, proposal(cid, "p1", "First"));
        Instant third = feed(cid, SECRETARIAT, proposal(cid, "p2", "Second"));

        List<JsonNode> between = entries(ok(get("secretariat", "/api/audit?consultationId=" + cid
                + "&from=" + second + "&to=" + third)));

        assertThat(first).isBefore(second);
        assertThat(between).extracting(entry -> entry.path("timestamp").asString())
                .containsExactly(second.toString());
    }

    // ---- paging ----

    @Test
    void pagesFollowOneAnotherThroughNextUntilItIsNull() {
        Scenario scenario = scenario();
        List<Long> all = positions(entries(ok(get("secretariat", "/api/audit?consultationId=" + scenario.cid()))));

        List<Long> paged = new ArrayList<>();
        String after = "";
        int pages = 0;
        JsonNode page;
        do {
            page = ok(get("secretariat", "/api/audit?limit=3&consultationId=" + scenario.cid() + after));
            paged.addAll(positions(entries(page)));
            after = page.path("next").isNull() ? null : "&after=" + page.path("next").asLong();
            pages++;
        } while (after != null);

        assertThat(paged).isEqualTo(all);
        assertThat(pages).isEqualTo((all.size() + 2) / 3);
        assertThat(all).isSorted();
    }

    @Test
    void withoutALimitAPageHoldsAHundredEntries() {
        String cid = newConsultationId("audit-default-limit");
        feed(cid, SECRETARIAT, comments(cid, 101));

        JsonNode page = ok(get("secretariat", "/api/audit?consultationId=" + cid));

        assertThat(entries(page)).hasSize(100);
        assertThat(page.path("next").asLong()).isEqualTo(entries(page).get(99).path("position").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=ten", "after=-1", "after=first", "from=yesterday",
            "to=2026-13-01T00:00:00Z", "from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z", "type=BallotChange",
            "consultationId=Not%20an%20id", "actor=", "order=sideways", "order=", "before=0", "before=last",
            "before=-5", "memberState=phl", "memberState=PHLX", "memberState="})
    void badParametersAreRefusedWith400(String query) {
        assertProblem(get("secretariat", "/api/audit?" + query), 400, "VALIDATION_FAILED");
    }

    // ---- newest first, both ways, counted ----

    @Test
    void newestFirstThePagesGoOlderWithBeforeAndNewerWithAfterBackToTheSamePage() {
        Scenario scenario = scenario();
        List<Long> newestFirst = new ArrayList<>(positions(entries(ok(get("secretariat",
                "/api/audit?consultationId=" + scenario.cid())))));
        Collections.reverse(newestFirst);
        String query = "/api/audit?order=desc&limit=4&consultationId=" + scenario.cid();

        JsonNode first = ok(get("secretariat", query));
        JsonNode second = ok(get("secretariat", query + "&before=" + first.path("older").asLong()));
        JsonNode third = ok(get("secretariat", query + "&before=" + second.path("older").asLong()));
        JsonNode backToSecond = ok(get("secretariat", query + "&after=" + third.path("newer").asLong()));
        JsonNode backToFirst = ok(get("secretariat", query + "&after=" + second.path("newer").asLong()));

        assertThat(positions(entries(first))).isEqualTo(newestFirst.subList(0, 4));
        assertThat(positions(entries(second))).isEqualTo(newestFirst.subList(4, 8));
        assertThat(positions(entries(third))).isEqualTo(newestFirst.subList(8, 9));
        assertThat(first.path("newer").isNull()).isTrue();
        assertThat(first.path("older").asLong()).isEqualTo(newestFirst.get(3));
        assertThat(first.path("next").asLong()).as("the next page, newest first, is the older one")
                .isEqualTo(newestFirst.get(3));
        assertThat(third.path("older").isNull()).isTrue();
        assertThat(third.path("next").isNull()).isTrue();
        assertThat(backToSecond).isEqualTo(second);
        assertThat(backToFirst).isEqualTo(first);
    }

    @Test
    void oldestFirstAPageBeforeAPositionHoldsTheEntriesRightBeforeIt() {
        Scenario scenario = scenario();
        List<Long> oldestFirst = positions(entries(ok(get("secretariat",
                "/api/audit?consultationId=" + scenario.cid()))));

        JsonNode page = ok(get("secretariat", "/api/audit?limit=3&consultationId=" + scenario.cid()
                + "&before=" + oldestFirst.get(7)));

        assertThat(positions(entries(page))).isEqualTo(oldestFirst.subList(4, 7));
        assertThat(page.path("older").asLong()).isEqualTo(oldestFirst.get(4));
        assertThat(page.path("newer").asLong()).isEqualTo(oldestFirst.get(6));
        assertThat(page.path("next").asLong()).isEqualTo(oldestFirst.get(6));
        assertThat(page.path("offset").asLong()).isEqualTo(4);
    }

    @Test
    void aPageCountsTheEntriesThatPassTheFiltersAndThoseBeforeItInItsOrder() {
        Scenario scenario = scenario();
        String query = "/api/audit?limit=4&consultationId=" + scenario.cid();

        JsonNode oldestFirst = ok(get("secretariat", query));
        JsonNode newestFirst = ok(get("secretariat", query + "&order=desc"));
        JsonNode olderOnes = ok(get("secretariat", query + "&order=desc&before="
                + newestFirst.path("older").asLong()));
        JsonNode ballots = ok(get("secretariat", query + "&type=BallotChanged"));

        assertThat(List.of(oldestFirst, newestFirst, olderOnes)).extracting(page -> page.path("total").asLong())
                .containsOnly((long) scenario.events());
        assertThat(List.of(oldestFirst, newestFirst, olderOnes)).extracting(page -> page.path("offset").asLong())
                .containsExactly(0L, 0L, 4L);
        assertThat(ballots.path("total").asLong()).isEqualTo(1);
    }

    // ---- member state and actor ----

    @Test
    void theTrailIsFilteredByTheMemberStateADelegateActedFor() {
        Scenario scenario = scenario();

        JsonNode page = ok(get("secretariat", "/api/audit?consultationId=" + scenario.cid()
                + "&memberState=" + scenario.ivoryCoast()));

        assertThat(entries(page)).extracting(entry -> entry.path("type").asString())
                .containsExactly("ProposalSubmitted", "ProposalAmended", "BallotCast", "BallotChanged");
        assertThat(entries(page)).allSatisfy(entry -> {
            assertThat(entry.path("memberState").asString()).isEqualTo(scenario.ivoryCoast());
            assertThat(entry.path("role").asString()).isEqualTo("DELEGATE");
        });
        assertThat(page.path("total").asLong()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chair", "CHAIR", "cha", "hAi"})
    void theActorFilterFindsPartOfTheNameInAnyCase(String part) {
        Scenario scenario = scenario();

        List<JsonNode> found = entries(ok(get("secretariat", "/api/audit?consultationId=" + scenario.cid()
                + "&actor=" + part)));

        assertThat(found).extracting(entry -> entry.path("actor").asString()).containsExactly("chair");
    }

    @Test
    void theActorFilterTakesWildcardsLiterally() {
        Scenario scenario = scenario();
        String query = "/api/audit?consultationId=" + scenario.cid() + "&actor=";

        assertThat(entries(ok(get("secretariat", query + "DELEGATE-")))).hasSize(6);
        assertThat(entries(ok(get("secretariat", query + "%25")))).isEmpty();
        assertThat(entries(ok(get("secretariat", query + "_")))).isEmpty();
        assertThat(entries(ok(get("secretariat", query + "delegate%5C")))).isEmpty();
    }

    @Test
    void anEntryAnswersWithItsDocumentedFieldsAndItsSummaryInEnglish() {
        Scenario scenario = scenario();

        JsonNode entry = entries(ok(get("secretariat", "/api/audit?type=VotingOpened&consultationId="
                + scenario.cid() + "&lang=fr"))).get(0);

        List<String> fields = new ArrayList<>();
        entry.propertyNames().forEach(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("position", "timestamp", "type", "aggregateId",
                "consultationId", "actor", "role", "memberState", "correlationId", "summary", "before", "after",
                "hash", "previousHash");
        assertThat(entry.path("summary").asString())
                .isEqualTo("The chair (chair) opened voting: 186 member states eligible, quorum 94");
        assertThat(entry.path("before").asString()).isEqualTo("OPEN");
    }

    // ---- export ----

    @Test
    void theCsvExportIsUtf8WithABomCrlfAndAHeaderAndRoundTripsThroughACsvParser() {
        Scenario scenario = scenario();
        List<JsonNode> expected = entries(ok(get("secretariat", "/api/audit?consultationId=" + scenario.cid())));

        Reply response = get("secretariat", "/api/audit/export?format=csv&consultationId="
                + scenario.cid());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualToIgnoringCase(
                "text/csv;charset=UTF-8");
        assertThat(response.header("Content-Disposition"))
                .startsWith("attachment").contains("filename=\"idm-audit.csv\"");
        String body = response.text();
        assertThat(body).startsWith(UTF8_BOM + "position,timestamp,type,aggregateId,consultationId,actor,role,"
                + "memberState,correlationId,summary,before,after,hash,previousHash\r\n").endsWith("\r\n");
        List<Map<String, String>> rows = parseCsv(body.substring(UTF8_BOM.length()));
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            JsonNode entry = expected.get(i);
            for (String column : List.of("position", "timestamp", "type", "aggregateId", "actor", "role",
                    "memberState", "summary", "before", "after", "hash", "previousHash")) {
                assertThat(row.get(column)).as("%s of %s", column, entry)
                        .isEqualTo(entry.path(column).isNull() ? "" : entry.path(column).asString());
            }
        }
        assertThat(rows).extracting(row -> row.get("summary")).contains(scenario.delegate()
                + " (Côte d'Ivoire) amended the proposal 'Migration and change', now titled '" + AWKWARD_TITLE
                + "' (version 2)");
        assertThat(rows).extracting(row -> row.get("after")).contains(AWKWARD_COMMENT);
        assertThat(rows).extracting(row -> row.get("summary")).anyMatch(summary -> summary.contains("Türkiye"));
    }

    /** The characters that start a formula, and their fullwidth and small forms, which spreadsheets read alike. */
    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://x\")", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1+1",
            "\r=1+1", "\uFF1DHYPERLINK(\"http://x\")", "\uFF0B1+1", "\uFF0D1+1", "\uFF20SUM(A1)", "\uFE661+1"})
    void aCsvCellThatASpreadsheetWouldTakeForAFormulaStaysText(String formula) {
        String cid = newConsultationId("audit-formula");
        feed(cid, SECRETARIAT, created(cid), proposal(cid, "p1", "First"));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", UUID.randomUUID().toString(), "observer", null, formula, null));

        String body = get("secretariat", "/api/audit/export?format=csv&type=CommentAdded&consultationId=" + cid).text();

        assertThat(parseCsv(body.substring(UTF8_BOM.length()))).extracting(row -> row.get("after"))
                .containsExactly("'" + formula);
    }

    @Test
    void theJsonLinesExportHasOneEntryPerLine() {
        Scenario scenario = scenario();
        List<JsonNode> expected = entries(ok(get("secretariat", "/api/audit?consultationId=" + scenario.cid())));

        Reply response = get("secretariat", "/api/audit/export?format=jsonl&consultationId="
                + scenario.cid());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(response.header("Content-Disposition"))
                .contains("filename=\"idm-audit.jsonl\"");
        List<String> lines = lines(response);
        assertThat(lines).hasSize(expected.size());
        assertThat(lines.stream().map(line -> (JsonNode) ((ObjectNode) JSON.readTree(line)).without("canonical"))
                .toList()).isEqualTo(expected);
    }

    @Test
    void everyJsonLineRecomputesItsHashFromItsCanonicalFormAndThePreviousLinesHash() throws Exception {
        scenario();
        awaitProjections();

        List<JsonNode> lines = lines(get("secretariat", "/api/audit/export?format=jsonl")).stream()
                .map(JSON::readTree).toList();

        assertThat(lines).isNotEmpty();
        String previousHash = "GENESIS";
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (JsonNode line : lines) {
            String canonical = line.path("canonical").asString();
            String recomputed = HexFormat.of().formatHex(sha256.digest((previousHash + "\n" + canonical)
                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(line.path("previousHash").asString()).as("previousHash at %s", line.path("position"))
                    .isEqualTo(previousHash);
            assertThat(line.path("hash").asString()).as("hash at %s", line.path("position")).isEqualTo(recomputed);
            previousHash = recomputed;
        }
    }

    @Test
    void theCanonicalFormInTheExportHoldsThePayloadAndTheMetadata() {
        Scenario scenario = scenario();

        List<JsonNode> lines = lines(get("secretariat", "/api/audit/export?format=jsonl&consultationId="
                + scenario.cid() + "&type=BallotChanged")).stream().map(JSON::readTree).toList();

        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        String canonical = line.path("canonical").asString();
        JsonNode fields = JSON.readTree(canonical);
        assertThat(canonical).doesNotContain(" ", "\n").startsWith("{\"aggregateId\":");
        assertThat(fields.propertyNames()).containsExactly("aggregateId", "eventId", "metaData", "payload",
                "position", "sequence", "timestamp", "type");
        assertThat(fields.path("position").asLong()).isEqualTo(line.path("position").asLong());
        assertThat(fields.path("timestamp").asString()).isEqualTo(line.path("timestamp").asString());
        assertThat(fields.path("type").asString()).isEqualTo("BallotChanged");
        assertThat(fields.path("aggregateId").asString()).isEqualTo(line.path("aggregateId").asString());
        assertThat(fields.path("sequence").isNumber()).isTrue();
        assertThat(fields.path("eventId").asString()).isNotEmpty();
        JsonNode metaData = fields.path("metaData");
        assertThat(metaData.path("actor").asString()).isEqualTo(scenario.delegate());
        assertThat(metaData.path("role").asString()).isEqualTo(line.path("role").asString()).isNotEmpty();
        assertThat(metaData.path("memberState").asString()).isEqualTo(scenario.ivoryCoast());
        assertThat(metaData.path("correlationId").asString()).isEqualTo(line.path("correlationId").asString());
        assertThat(fields.path("payload").path("consultationId").asString()).isEqualTo(scenario.cid());
        assertThat(fields.path("payload").path("memberState").asString()).isEqualTo(scenario.ivoryCoast());
        assertThat(fields.path("payload").path("choices").toString()).isEqualTo("[\"p2\"]");
    }

    @Test
    void theExportTakesTheMemberStateFilterToo() {
        Scenario scenario = scenario();

        List<String> lines = lines(get("secretariat", "/api/audit/export?format=jsonl&consultationId="
                + scenario.cid() + "&memberState=" + scenario.turkiye()));

        assertThat(lines).extracting(line -> JSON.readTree(line).path("type").asString())
                .containsExactly("CommentAdded", "CommentEdited");
        assertProblem(get("secretariat", "/api/audit/export?format=jsonl&memberState=tur"), 400,
                "VALIDATION_FAILED");
    }

    @Test
    void theExportHoldsEveryEntryAcrossItsPages() {
        String cid = newConsultationId("audit-long");
        int events = 2 * AuditController.EXPORT_PAGE + 7;
        feed(cid, SECRETARIAT, comments(cid, events));

        List<String> lines = lines(get("secretariat", "/api/audit/export?format=jsonl&consultationId=" + cid));
        long everything = lines(get("secretariat", "/api/audit/export?format=jsonl")).size();

        assertThat(lines).hasSize(events);
        assertThat(lines.stream().map(line -> JSON.readTree(line).path("position").asLong()).toList())
                .isSorted().doesNotHaveDuplicates();
        assertThat(everything).isEqualTo(db.sql("select count(*) from domain_event_entry").query(Long.class)
                .single());
    }

    @Test
    void anUnknownExportFormatIsRefusedWith400() {
        assertProblem(get("secretariat", "/api/audit/export?format=xlsx"), 400, "VALIDATION_FAILED");
        assertProblem(get("secretariat", "/api/audit/export?format=csv&from=soon"), 400, "VALIDATION_FAILED");
    }

    @Test
    void aRefusedExportIsExplainedAsProblemJsonWhateverTheClientAccepts() {
        assertProblem(get("secretariat", "/api/audit/export?format=xlsx", "text/csv"), 400, "VALIDATION_FAILED");
        assertProblem(get("observer", "/api/audit/export?format=csv", "text/csv"), 403, "FORBIDDEN");
    }

    // ---- fixtures ----

    /**
     * A consultation with awkward texts: a proposal title with a comma and quotes by Côte d'Ivoire, amended; a
     * comment with a new line and quotes by Türkiye, edited; a ballot cast and changed.
     */
    private record Scenario(String cid, String ivoryCoast, String turkiye, String delegate, int events) {
    }

    private Scenario scenario() {
        String ivoryCoast = newMemberStateCode();
        String turkiye = newMemberStateCode();
        feedMemberState(ivoryCoast, new MemberStateRegistered(ivoryCoast, "Côte d'Ivoire"));
        feedMemberState(turkiye, new MemberStateRegistered(turkiye, "Türkiye"));
        String cid = newConsultationId("audit-api");
        feed(cid, SECRETARIAT, created(cid), proposal(cid, "p1", "South-South Migration"));
        feed(cid, delegate(ivoryCoast), new ProposalSubmitted(cid, "p2", "Migration and change", "A summary",
                        ivoryCoast),
                new ProposalAmended(cid, "p2", 2, AWKWARD_TITLE, "Line one,\nline \"two\""));
        String comment = UUID.randomUUID().toString();
        feed(cid, delegate(turkiye), new CommentAdded(cid, "p2", comment, delegate(turkiye).username(), turkiye,
                "Türkiye supports", null), new CommentEdited(cid, "p2", comment, AWKWARD_COMMENT));
        feed(cid, CHAIR, new VotingOpened(cid, 186, 94));
        feed(cid, delegate(ivoryCoast), new BallotCast(cid, ivoryCoast, List.of("p1"), false),
                new BallotChanged(cid, ivoryCoast, List.of("p2"), false));
        return new Scenario(cid, ivoryCoast, turkiye, delegate(ivoryCoast).username(), 9);
    }

    private static ProposalSubmitted proposal(String cid, String pid, String title) {
        return new ProposalSubmitted(cid, pid, title, "Why " + title, Proposer.ADMINISTRATION);
    }

    /** A consultation created with a proposal, and comments on it: {@code events} events in all. */
    private static Object[] comments(String cid, int events) {
        List<Object> payloads = new ArrayList<>();
        payloads.add(new ConsultationCreated(cid, "Theme for " + cid, "Which theme?", null, 1, null, null));
        payloads.add(proposal(cid, "p1", "First"));
        for (int i = payloads.size(); i < events; i++) {
            payloads.add(new CommentAdded(cid, "p1", UUID.randomUUID().toString(), "secretariat", null, "Comment " + i, null));
        }
        return payloads.toArray();
    }

    // ---- HTTP ----

    /** What came back: status, headers and the body's bytes, once any asynchronous part has completed. */
    private record Reply(int statusCode, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Reply get(String username, String path) {
        return get(username, path, null);
    }

    private Reply get(String username, String path, String accept) {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.get(URI.create(path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (username != null) {
            request.with(SecurityMockMvcRequestPostProcessors.httpBasic(username, PASSWORD));
        }
        try {
            MvcResult result = mvc.perform(request).andReturn();
            if (result.getRequest().isAsyncStarted()) {
                result = mvc.perform(MockMvcRequestBuilders.asyncDispatch(result)).andReturn();
            }
            MockHttpServletResponse response = result.getResponse();
            Map<String, String> headers = new HashMap<>();
            response.getHeaderNames().forEach(name -> headers.put(name.toLowerCase(Locale.ROOT),
                    response.getHeader(name)));
            if (response.getContentType() != null) {
                headers.put("content-type", response.getContentType());
            }
            return new Reply(response.getStatus(), headers, response.getContentAsByteArray());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    private static JsonNode ok(Reply reply) {
        assertThat(reply.statusCode()).as("%s", reply.text()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        return JSON.readTree(reply.text());
    }

    private static void assertForbidden(Reply reply) {
        assertProblem(reply, 403, "FORBIDDEN");
    }

    private static void assertProblem(Reply reply, int status, String code) {
        assertThat(reply.statusCode()).as("%s", reply.text()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(JSON.readTree(reply.text()).path("code").asString()).isEqualTo(code);
    }

    private static List<JsonNode> entries(JsonNode page) {
        List<JsonNode> entries = new ArrayList<>();
        page.path("entries").forEach(entries::add);
        return entries;
    }

    private static List<Long> positions(List<JsonNode> entries) {
        return entries.stream().map(entry -> entry.path("position").asLong()).toList();
    }

    private static List<String> lines(Reply reply) {
        assertThat(reply.statusCode()).isEqualTo(200);
        String body = reply.text();
        assertThat(body).endsWith("\n");
        return Arrays.asList(body.split("\n"));
    }

    private static List<Map<String, String>> parseCsv(String csv) {
        CsvSchema header = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class).with(header)
                .readValues(csv)) {
            return rows.readAll();
        }
    }
}
