package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.SystemUnderTest.UNSEEDED_DELEGATE;
import static org.iom.idm.system.SystemUnderTest.UNSEEDED_STATE;

/**
 * A consultation driven end to end through the write API of the command service, with every read endpoint of
 * the query service, the visibility rules of CONTRACT §4 and the live tally stream checked on the way. The
 * steps run in order and build on each other.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndSystemTest {

    private static final String SECRETARIAT = "secretariat";
    private static final String CHAIR = "chair";
    private static final String OBSERVER = "observer";
    private static final String PHL = "delegate-phl";
    private static final String MEX = "delegate-mex";
    private static final String KEN = "delegate-ken";
    private static final String BRA = "delegate-bra";
    /** Nauru's voting rights are suspended in this scenario. */
    private static final String SUSPENDED_STATE = "NRU";
    private static final String SUSPENDED_DELEGATE = "delegate-nru";
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(5);

    private final String cid = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final String title = "Workshop theme, end-to-end run " + cid;
    private final List<TallyStream> streams = new ArrayList<>();
    private Api api;

    private String pAdmin;
    private String pPhl;
    private String pMex;
    private String pKen;
    private String pBra;
    private String c1;
    private String c2;
    private String c3;
    private String c4;
    private int eligible;
    private int quorum;
    private TallyStream chairStream;
    private JsonNode finalVotingTally;

    @BeforeAll
    void connect(Api api) {
        this.api = api;
    }

    @AfterAll
    void closeStreams() {
        streams.forEach(TallyStream::close);
    }

    @Test
    @Order(1)
    void secretariatCreatesConsultationAndManagesMembership() {
        JsonNode created = api.post(SECRETARIAT, "/api/consultations", body(
                "id", cid, "title", title,
                "question", "Which theme should the end-to-end workshop take up?",
                "description", "Created by the system test.")).expect(201);
        assertThat(created.path("id").asString()).isEqualTo(cid);
        api.post(SECRETARIAT, "/api/consultations", body("id", cid, "title", "Again", "question", "Again?"))
                .expectProblem(409, "ALREADY_EXISTS");
        api.post(PHL, "/api/consultations", body("title", "Not mine", "question", "May a delegate?"))
                .expectProblem(403, "FORBIDDEN");

        JsonNode registered = api.post(SECRETARIAT, "/api/member-states",
                body("code", UNSEEDED_STATE, "name", "Quartz Islands")).expect(201);
        assertThat(registered.path("code").asString()).isEqualTo(UNSEEDED_STATE);
        api.post(SECRETARIAT, "/api/member-states/" + UNSEEDED_STATE + "/accreditations",
                body("user", UNSEEDED_DELEGATE, "capacity", "HEAD")).expect(201);
        api.post(SECRETARIAT, "/api/member-states/" + SUSPENDED_STATE + "/suspend-voting-rights",
                body("reason", "Arrears in contributions")).expect2xx();
        api.post(PHL, "/api/member-states/FJI/suspend-voting-rights", body("reason", "Not my call"))
                .expectProblem(403, "FORBIDDEN");
        api.post(PHL, "/api/member-states", body("code", "QZX", "name", "Not mine to register"))
                .expectProblem(403, "FORBIDDEN");

        JsonNode states = api.awaitRead(OBSERVER, "/api/member-states",
                list -> byKey(list, "code").containsKey(UNSEEDED_STATE)
                        && "SUSPENDED".equals(byKey(list, "code").get(SUSPENDED_STATE).path("votingRights").asString()));
        Map<String, JsonNode> byCode = byKey(states, "code");
        assertThat(byCode.get(UNSEEDED_STATE).path("name").asString()).isEqualTo("Quartz Islands");
        assertThat(byCode.get(UNSEEDED_STATE).path("votingRights").asString()).isEqualTo("ACTIVE");
        assertThat(byCode.get(SUSPENDED_STATE).path("votingRights").asString()).isEqualTo("SUSPENDED");
        assertThat(byCode.get("PHL").path("name").asString()).isEqualTo("Philippines");
        assertThat(byCode.get("PHL").path("votingRights").asString()).isEqualTo("ACTIVE");
        assertThat(byCode).hasSizeGreaterThanOrEqualTo(187);

        JsonNode list = api.awaitRead(PHL, "/api/consultations", all -> byKey(all, "id").containsKey(cid));
        JsonNode summary = byKey(list, "id").get(cid);
        assertThat(summary.path("title").asString()).isEqualTo(title);
        assertThat(summary.path("phase").asString()).isEqualTo("OPEN");
        assertThat(summary.path("proposalCount").asInt()).isZero();
        assertThat(summary.path("parentId").isNull()).as("parentId of %s", summary).isTrue();
        assertThat(byKey(list, "id")).containsKey("idm-2010-theme");

        JsonNode detail = api.read(OBSERVER, consultation()).expect(200);
        assertThat(detail.path("id").asString()).isEqualTo(cid);
        assertThat(detail.path("question").asString()).isEqualTo("Which theme should the end-to-end workshop take up?");
        assertThat(detail.path("description").asString()).isEqualTo("Created by the system test.");
        assertThat(detail.path("phase").asString()).isEqualTo("OPEN");
        assertThat(detail.path("selectCount").asInt()).isEqualTo(1);
        assertThat(detail.path("quorum").isNull()).as("quorum before voting: %s", detail).isTrue();
        assertThat(detail.path("parentId").isNull()).isTrue();
        assertThat(detail.path("proposals").size()).isZero();
        assertThat(detail.path("decision").isNull()).as("decision of %s", detail).isTrue();

        api.read(OBSERVER, "/api/consultations/no-such-consultation").expectProblem(404, "NOT_FOUND");
        api.read(null, "/api/consultations").expectProblem(401, "UNAUTHENTICATED");
    }

    @Test
    @Order(2)
    void signedInUsersKnowWhoTheyAre() {
        JsonNode delegate = api.read(PHL, "/api/me").expect(200);
        assertThat(delegate.path("username").asString()).isEqualTo(PHL);
        assertThat(delegate.path("role").asString()).isEqualTo("DELEGATE");
        assertThat(delegate.path("memberState").asString()).isEqualTo("PHL");
        assertThat(delegate.path("capacity").asString()).isEqualTo("HEAD");
        JsonNode extra = api.awaitRead(UNSEEDED_DELEGATE, "/api/me",
                me -> UNSEEDED_STATE.equals(me.path("memberState").asString()));
        assertThat(extra.path("capacity").asString()).isEqualTo("HEAD");
        JsonNode chair = api.read(CHAIR, "/api/me").expect(200);
        assertThat(chair.path("role").asString()).isEqualTo("CHAIR");
        assertThat(chair.path("memberState").isNull()).as("memberState of %s", chair).isTrue();
    }

    @Test
    @Order(3)
    void delegatesAndSecretariatSubmitAmendAndWithdrawProposals() {
        pAdmin = submit(SECRETARIAT, "Migration and the Financial Crisis", "The Administration's suggestion.");
        pPhl = submit(PHL, "Labour Mobility in Asia", "The Philippines' first version.");
        pMex = submit(MEX, "Remittances and Development", "Mexico's suggestion.");
        pKen = submit(KEN, "Climate Change and Migration", "Kenya's suggestion.");
        pBra = submit(BRA, "Diaspora Engagement", "Brazil's suggestion.");

        api.post(BRA, proposals(), body("title", "  labour MOBILITY in  asia ", "summary", "A copy."))
                .expectProblem(409, "DUPLICATE_TITLE");
        api.post(CHAIR, proposals(), body("title", "The chair's own", "summary", "No."))
                .expectProblem(403, "FORBIDDEN");
        api.put(MEX, proposals() + "/" + pPhl, body("title", "Hijacked", "summary", "No."))
                .expectProblem(403, "FORBIDDEN");
        api.put(PHL, proposals() + "/" + pPhl, body("title", "Labour Mobility in Asia and the Pacific",
                "summary", "The Philippines' second version.")).expect2xx();
        api.post(MEX, proposals() + "/" + pBra + "/withdraw", body("reason", "Not mine"))
                .expectProblem(403, "FORBIDDEN");
        api.post(BRA, proposals() + "/" + pBra + "/withdraw", body("reason", "Merged into Kenya's suggestion"))
                .expect2xx();

        JsonNode detail = api.awaitRead(OBSERVER, consultation(), d -> {
            Map<String, JsonNode> byId = byKey(d.path("proposals"), "id");
            return byId.size() == 5 && byId.get(pPhl).path("version").asInt() == 2
                    && "WITHDRAWN".equals(byId.get(pBra).path("status").asString());
        });
        Map<String, JsonNode> byId = byKey(detail.path("proposals"), "id");
        assertProposal(byId.get(pAdmin), "Migration and the Financial Crisis", "ADMINISTRATION", "ACTIVE", 1);
        assertProposal(byId.get(pPhl), "Labour Mobility in Asia and the Pacific", "PHL", "ACTIVE", 2);
        assertThat(byId.get(pPhl).path("summary").asString()).isEqualTo("The Philippines' second version.");
        assertProposal(byId.get(pMex), "Remittances and Development", "MEX", "ACTIVE", 1);
        assertProposal(byId.get(pKen), "Climate Change and Migration", "KEN", "ACTIVE", 1);
        assertProposal(byId.get(pBra), "Diaspora Engagement", "BRA", "WITHDRAWN", 1);
        assertThat(ids(detail.path("proposals"), "id")).containsExactly(pAdmin, pPhl, pMex, pKen, pBra);

        JsonNode amended = api.read(KEN, proposal(pPhl)).expect(200);
        assertThat(amended.path("id").asString()).isEqualTo(pPhl);
        assertThat(amended.path("title").asString()).isEqualTo("Labour Mobility in Asia and the Pacific");
        assertThat(amended.path("proposer").asString()).isEqualTo("PHL");
        assertThat(amended.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(amended.path("version").asInt()).isEqualTo(2);
        JsonNode versions = amended.path("versions");
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(0).path("version").asInt()).isEqualTo(1);
        assertThat(versions.get(0).path("title").asString()).isEqualTo("Labour Mobility in Asia");
        assertThat(versions.get(0).path("summary").asString()).isEqualTo("The Philippines' first version.");
        assertThat(versions.get(1).path("version").asInt()).isEqualTo(2);
        assertThat(versions.get(1).path("title").asString()).isEqualTo("Labour Mobility in Asia and the Pacific");
        assertThat(versions.get(1).path("summary").asString()).isEqualTo("The Philippines' second version.");
        Instant v1 = Instant.parse(versions.get(0).path("at").asString());
        Instant v2 = Instant.parse(versions.get(1).path("at").asString());
        assertThat(v2).isAfterOrEqualTo(v1);
        assertThat(amended.path("comments").size()).isZero();

        JsonNode list = api.awaitRead(OBSERVER, "/api/consultations",
                all -> byKey(all, "id").get(cid).path("proposalCount").asInt() == 5);
        assertThat(byKey(list, "id").get(cid).path("phase").asString()).isEqualTo("OPEN");
        api.read(OBSERVER, proposal("no-such-proposal")).expectProblem(404, "NOT_FOUND");
    }

    @Test
    @Order(4)
    void delegatesCommentReplyEditRetractAndTheSecretariatHides() {
        c1 = comment(MEX, pPhl, "Mexico supports a focus on labour mobility.", null);
        c2 = comment(KEN, pPhl, "Kenya agrees, and would add regional free movement.", c1);
        c3 = comment(BRA, pPhl, "An off-topic remark that the secretariat will hide.", null);
        c4 = comment(OBSERVER, pPhl, "An observer's note, later retracted.", null);

        api.post(KEN, proposal(pPhl) + "/comments", body("text", "A reply to nothing", "inReplyTo", "no-such-comment"))
                .expectProblem(404, "NOT_FOUND");
        api.post(KEN, proposal(pBra) + "/comments", body("text", "On a withdrawn proposal"))
                .expectProblem(409, "PROPOSAL_WITHDRAWN");
        api.put(KEN, comment(pPhl, c1), body("text", "Putting words in Mexico's mouth")).expectProblem(403, "FORBIDDEN");
        api.put(MEX, comment(pPhl, c1), body("text", "Mexico supports a focus on labour mobility in the region."))
                .expect2xx();
        api.post(PHL, comment(pPhl, c4) + "/retract", null).expectProblem(403, "FORBIDDEN");
        api.post(OBSERVER, comment(pPhl, c4) + "/retract", null).expect2xx();
        api.post(PHL, comment(pPhl, c3) + "/hide", body("reason", "I do not like it")).expectProblem(403, "FORBIDDEN");
        api.post(SECRETARIAT, comment(pPhl, c3) + "/hide", body("reason", "Off topic")).expect2xx();

        Predicate<JsonNode> settled = p -> {
            Map<String, JsonNode> byId = byKey(p.path("comments"), "id");
            return byId.size() == 4 && byId.get(c1).path("edited").asBoolean()
                    && "HIDDEN".equals(byId.get(c3).path("status").asString())
                    && "RETRACTED".equals(byId.get(c4).path("status").asString());
        };
        JsonNode asDelegate = api.awaitRead(PHL, proposal(pPhl), settled);
        assertThat(ids(asDelegate.path("comments"), "id")).containsExactly(c1, c2, c3, c4);
        Map<String, JsonNode> comments = byKey(asDelegate.path("comments"), "id");
        assertComment(comments.get(c1), MEX, "MEX", "Mexico supports a focus on labour mobility in the region.",
                null, "VISIBLE", true);
        assertComment(comments.get(c2), KEN, "KEN", "Kenya agrees, and would add regional free movement.",
                c1, "VISIBLE", false);
        assertComment(comments.get(c3), BRA, "BRA", null, null, "HIDDEN", false);
        assertThat(comments.get(c4).path("author").asString()).isEqualTo(OBSERVER);
        assertThat(comments.get(c4).path("memberState").isNull()).isTrue();
        assertThat(comments.get(c4).path("status").asString()).isEqualTo("RETRACTED");
        for (JsonNode comment : asDelegate.path("comments")) {
            Instant.parse(comment.path("createdAt").asString());
        }

        for (String reader : List.of(OBSERVER, CHAIR, KEN)) {
            JsonNode seen = api.read(reader, proposal(pPhl)).expect(200);
            assertThat(byKey(seen.path("comments"), "id").get(c3).path("text").isNull())
                    .as("the hidden comment's text as %s sees it: %s", reader, seen).isTrue();
        }
        JsonNode asSecretariat = api.read(SECRETARIAT, proposal(pPhl)).expect(200);
        JsonNode hidden = byKey(asSecretariat.path("comments"), "id").get(c3);
        assertThat(hidden.path("status").asString()).isEqualTo("HIDDEN");
        assertThat(hidden.path("text").asString()).isEqualTo("An off-topic remark that the secretariat will hide.");

        JsonNode detail = api.awaitRead(OBSERVER, consultation(),
                d -> byKey(d.path("proposals"), "id").get(pPhl).path("commentCount").asInt() == 4);
        assertThat(byKey(detail.path("proposals"), "id").get(pMex).path("commentCount").asInt()).isZero();
    }

    @Test
    @Order(5)
    void chairOpensVotingAndTheBallotsAreSealed() {
        eligible = 0;
        for (JsonNode state : api.read(SECRETARIAT, "/api/member-states").expect(200)) {
            if ("ACTIVE".equals(state.path("votingRights").asString())) {
                eligible++;
            }
        }
        quorum = eligible / 2 + 1;

        api.post(PHL, "/api/consultations/" + cid + "/open-voting", null).expectProblem(403, "FORBIDDEN");
        api.post(SECRETARIAT, "/api/consultations/" + cid + "/open-voting", null).expectProblem(403, "FORBIDDEN");
        api.read(PHL, "/api/consultations/" + cid + "/ballots/mine").expectProblem(404, "NOT_FOUND");
        api.post(CHAIR, "/api/consultations/" + cid + "/open-voting", null).expect2xx();
        api.post(CHAIR, "/api/consultations/" + cid + "/open-voting", null).expectProblem(409, "WRONG_PHASE");

        JsonNode detail = api.awaitRead(OBSERVER, consultation(), d -> "VOTING".equals(d.path("phase").asString()));
        assertThat(detail.path("quorum").asInt()).as("the default quorum: a majority of %s", eligible).isEqualTo(quorum);

        api.put(MEX, proposals() + "/" + pMex, body("title", "Remittances", "summary", "Too late."))
                .expectProblem(409, "WRONG_PHASE");
        api.post(SECRETARIAT, proposals(), body("title", "Too late", "summary", "Too late."))
                .expectProblem(409, "WRONG_PHASE");
        String c5 = comment(KEN, pMex, "Comments stay open while voting.", null);
        api.awaitRead(OBSERVER, proposal(pMex), p -> byKey(p.path("comments"), "id").containsKey(c5));

        for (String sealedTo : List.of(PHL, OBSERVER, UNSEEDED_DELEGATE)) {
            api.read(sealedTo, tally()).expectProblem(403, "FORBIDDEN");
            api.read(sealedTo, ballots()).expectProblem(403, "FORBIDDEN");
            api.send(api.queryService(), "GET", sealedTo, tally() + "/stream", null, "text/event-stream")
                    .expectProblem(403, "FORBIDDEN");
        }
        api.read(PHL, ballots() + "/mine").expectProblem(404, "NOT_FOUND");

        Map<String, Integer> none = Map.of();
        for (String mayLook : List.of(CHAIR, SECRETARIAT)) {
            JsonNode tally = api.awaitRead(mayLook, tally(), t -> "VOTING".equals(t.path("phase").asString()));
            assertTally(tally, "VOTING", 0, 0, none);
            assertThat(ids(tally.path("leading"), null)).isEmpty();
            assertThat(api.read(mayLook, ballots()).expect(200).size()).isZero();
        }
    }

    @Test
    @Order(6)
    void everyBallotReachesEveryTallyStream() {
        chairStream = watch(CHAIR);
        TallyStream secretariatStream = watch(SECRETARIAT);
        TallyStream secondChairStream = watch(CHAIR);
        for (TallyStream stream : List.of(chairStream, secretariatStream, secondChairStream)) {
            assertTally(stream.nextTally(EVENT_TIMEOUT), "VOTING", 0, 0, Map.of());
        }

        api.put(SUSPENDED_DELEGATE, ballot(SUSPENDED_STATE), choices(pKen)).expectProblem(409, "VOTING_RIGHTS_SUSPENDED");
        api.put(PHL, ballot("MEX"), choices(pKen)).expectProblem(403, "FORBIDDEN");
        api.put(CHAIR, ballot("PHL"), choices(pKen)).expectProblem(403, "FORBIDDEN");
        api.put(PHL, ballot("PHL"), choices(pPhl, pKen)).expectProblem(409, "TOO_MANY_CHOICES");
        api.put(PHL, ballot("PHL"), choices(pBra)).expectProblem(409, "PROPOSAL_WITHDRAWN");
        api.put(PHL, ballot("PHL"), choices()).expectProblem(400, "VALIDATION_FAILED");

        Map<String, Integer> previous = Map.of();
        int[] previousCounts = {0, 0};
        record Step(String delegate, String state, Object ballot, int cast, int abstentions, Map<String, Integer> votes) {
        }
        List<Step> steps = List.of(
                new Step(PHL, "PHL", choices(pPhl), 1, 0, Map.of(pPhl, 1)),
                new Step(MEX, "MEX", choices(pPhl), 2, 0, Map.of(pPhl, 2)),
                new Step(KEN, "KEN", choices(pKen), 3, 0, Map.of(pPhl, 2, pKen, 1)),
                new Step(UNSEEDED_DELEGATE, UNSEEDED_STATE, choices(pMex), 4, 0, Map.of(pPhl, 2, pKen, 1, pMex, 1)),
                new Step(MEX, "MEX", choices(pKen), 4, 0, Map.of(pPhl, 1, pKen, 2, pMex, 1)),
                new Step(BRA, "BRA", abstain(), 5, 1, Map.of(pPhl, 1, pKen, 2, pMex, 1)),
                new Step(PHL, "PHL", abstain(), 5, 2, Map.of(pKen, 2, pMex, 1)));
        for (Step step : steps) {
            api.put(step.delegate(), ballot(step.state()), step.ballot()).expect2xx();
            Predicate<JsonNode> before = tallyIs("VOTING", previousCounts[0], previousCounts[1], previous);
            JsonNode tally = chairStream.awaitTally("the tally after " + step, tallyIs("VOTING", step.cast(),
                    step.abstentions(), step.votes()), before, EVENT_TIMEOUT);
            assertTally(tally, "VOTING", step.cast(), step.abstentions(), step.votes());
            previous = step.votes();
            previousCounts[0] = step.cast();
            previousCounts[1] = step.abstentions();
        }
        // Casting the same ballot again changes nothing.
        api.put(KEN, ballot("KEN"), choices(pKen)).expect2xx();

        Map<String, Integer> votes = previous;
        Predicate<JsonNode> isFinal = tallyIs("VOTING", 5, 2, votes);
        finalVotingTally = chairStream.tallies().get(chairStream.tallies().size() - 1);
        assertThat(ids(finalVotingTally.path("leading"), null)).containsExactly(pKen);
        assertThat(finalVotingTally.path("eligible").asInt()).isEqualTo(eligible);
        assertThat(finalVotingTally.path("quorum").asInt()).isEqualTo(quorum);
        assertThat(finalVotingTally.path("quorumMet").asBoolean()).isFalse();
        for (TallyStream watcher : List.of(secretariatStream, secondChairStream)) {
            JsonNode last = watcher.awaitTally("the final tally", isFinal, any -> true, EVENT_TIMEOUT);
            assertThat(last).isEqualTo(finalVotingTally);
        }
        assertThat(secondChairStream.tallies()).isEqualTo(chairStream.tallies());

        assertThat(api.read(CHAIR, tally()).expect(200)).isEqualTo(finalVotingTally);
        assertThat(api.read(SECRETARIAT, tally()).expect(200)).isEqualTo(finalVotingTally);
        for (String mayLook : List.of(CHAIR, SECRETARIAT)) {
            assertFinalBallots(api.read(mayLook, ballots()).expect(200));
        }
        JsonNode mine = api.read(PHL, ballots() + "/mine").expect(200);
        assertThat(mine.path("memberState").asString()).isEqualTo("PHL");
        assertThat(mine.path("abstain").asBoolean()).isTrue();
        assertThat(mine.path("choices").size()).isZero();
        assertThat(mine.path("changes").asInt()).isEqualTo(1);
        JsonNode extraMine = api.read(UNSEEDED_DELEGATE, ballots() + "/mine").expect(200);
        assertThat(ids(extraMine.path("choices"), null)).containsExactly(pMex);
        api.read(SUSPENDED_DELEGATE, ballots() + "/mine").expectProblem(404, "NOT_FOUND");
        api.read(OBSERVER, tally()).expectProblem(403, "FORBIDDEN");
        secretariatStream.close();
        secondChairStream.close();
    }

    @Test
    @Order(7)
    void chairClosesVotingAndEveryoneReadsTheFinalTally() {
        api.post(PHL, "/api/consultations/" + cid + "/close-voting", null).expectProblem(403, "FORBIDDEN");
        api.post(SECRETARIAT, "/api/consultations/" + cid + "/close-voting", null).expectProblem(403, "FORBIDDEN");
        api.post(CHAIR, "/api/consultations/" + cid + "/close-voting", null).expect2xx();
        Map<String, Integer> votes = Map.of(pKen, 2, pMex, 1);
        chairStream.awaitTally("the closed tally", tallyIs("CLOSED", 5, 2, votes),
                tallyIs("VOTING", 5, 2, votes), EVENT_TIMEOUT);

        api.put(KEN, ballot("KEN"), choices(pMex)).expectProblem(409, "WRONG_PHASE");
        api.post(KEN, proposal(pKen) + "/comments", body("text", "Too late")).expectProblem(409, "WRONG_PHASE");
        api.post(CHAIR, "/api/consultations/" + cid + "/close-voting", null).expectProblem(409, "WRONG_PHASE");

        for (String reader : List.of(OBSERVER, PHL, MEX, UNSEEDED_DELEGATE, SUSPENDED_DELEGATE, CHAIR, SECRETARIAT)) {
            JsonNode tally = api.awaitRead(reader, tally(), t -> "CLOSED".equals(t.path("phase").asString()));
            assertTally(tally, "CLOSED", 5, 2, votes);
            assertThat(tally.path("consultationId").asString()).isEqualTo(cid);
            assertThat(tally.path("eligible").asInt()).isEqualTo(eligible);
            assertThat(tally.path("quorum").asInt()).isEqualTo(quorum);
            assertThat(tally.path("quorumMet").asBoolean()).isFalse();
            assertThat(ids(tally.path("leading"), null)).containsExactly(pKen);
            assertFinalBallots(api.read(reader, ballots()).expect(200));
        }
        try (TallyStream observer = TallyStream.open(api, OBSERVER, cid)) {
            assertTally(observer.nextTally(EVENT_TIMEOUT), "CLOSED", 5, 2, votes);
        }
        JsonNode detail = api.awaitRead(OBSERVER, consultation(), d -> "CLOSED".equals(d.path("phase").asString()));
        assertThat(detail.path("decision").isNull()).isTrue();
    }

    @Test
    @Order(8)
    void chairRecordsTheDecision() {
        String decision = "/api/consultations/" + cid + "/decision";
        String rationale = "The quorum was not met; Kenya's suggestion leads and no member state objected.";
        api.post(SECRETARIAT, decision, body("selected", List.of(pKen), "rationale", rationale))
                .expectProblem(403, "FORBIDDEN");
        api.post(CHAIR, decision, body("selected", List.of(pKen))).expectProblem(409, "RATIONALE_REQUIRED");
        api.post(CHAIR, decision, body("selected", List.of(pKen, pMex), "rationale", rationale))
                .expectProblem(400, "VALIDATION_FAILED");
        api.post(CHAIR, decision, body("selected", List.of(pBra), "rationale", rationale))
                .expectProblem(409, "PROPOSAL_WITHDRAWN");
        api.post(CHAIR, decision, body("selected", List.of(pKen), "rationale", rationale)).expect2xx();
        api.post(CHAIR, decision, body("selected", List.of(pMex), "rationale", "Second thoughts"))
                .expectProblem(409, "WRONG_PHASE");

        JsonNode list = api.awaitRead(PHL, "/api/consultations",
                all -> "DECIDED".equals(byKey(all, "id").get(cid).path("phase").asString()));
        assertThat(byKey(list, "id").get(cid).path("proposalCount").asInt()).isEqualTo(5);

        JsonNode detail = api.awaitRead(OBSERVER, consultation(), d -> "DECIDED".equals(d.path("phase").asString()));
        JsonNode recorded = detail.path("decision");
        assertThat(ids(recorded.path("selected"), null)).containsExactly(pKen);
        assertThat(recorded.path("rationale").asString()).isEqualTo(rationale);
        assertThat(recorded.path("decidedBy").asString()).isEqualTo("chair");
        assertThat(Instant.parse(recorded.path("decidedAt").asString())).isBefore(Instant.now().plusSeconds(60));
        assertThat(detail.path("quorum").asInt()).isEqualTo(quorum);

        Map<String, Integer> votes = Map.of(pKen, 2, pMex, 1);
        chairStream.awaitTally("the decided tally", tallyIs("DECIDED", 5, 2, votes),
                tallyIs("CLOSED", 5, 2, votes), EVENT_TIMEOUT);
        for (String reader : List.of(OBSERVER, PHL)) {
            JsonNode tally = api.awaitRead(reader, tally(), t -> "DECIDED".equals(t.path("phase").asString()));
            assertTally(tally, "DECIDED", 5, 2, votes);
            assertFinalBallots(api.read(reader, ballots()).expect(200));
        }
    }

    @Test
    @Order(9)
    void theFinalReadModelsTellTheWholeStory() {
        JsonNode proposal = api.read(PHL, proposal(pPhl)).expect(200);
        assertThat(proposal.path("versions").size()).isEqualTo(2);
        assertThat(proposal.path("comments").size()).isEqualTo(4);
        assertThat(byKey(proposal.path("comments"), "id").get(c3).path("text").isNull()).isTrue();
        assertThat(byKey(api.read(SECRETARIAT, proposal(pPhl)).expect(200).path("comments"), "id").get(c3)
                .path("text").asString()).isEqualTo("An off-topic remark that the secretariat will hide.");

        Map<String, JsonNode> states = byKey(api.read(OBSERVER, "/api/member-states").expect(200), "code");
        assertThat(states.get(SUSPENDED_STATE).path("votingRights").asString()).isEqualTo("SUSPENDED");
        assertThat(states.get(UNSEEDED_STATE).path("votingRights").asString()).isEqualTo("ACTIVE");
        assertThat(states.get(UNSEEDED_STATE).path("name").asString()).isEqualTo("Quartz Islands");

        api.read(PHL, "/api/admin/projections").expectProblem(403, "FORBIDDEN");
        api.send(api.queryService(), "POST", PHL, "/api/admin/projections/rebuild", null, "application/json")
                .expectProblem(403, "FORBIDDEN");
        JsonNode projections = api.read(SECRETARIAT, "/api/admin/projections").expect(200);
        assertThat(ids(projections, "processingGroup")).contains("read-models", "audit")
                .doesNotContain("consultations", "ballots", "member-states");
    }

    @Test
    @Order(10)
    void aFollowUpNamesItsDecidedParent() {
        String followUp = cid + "-topics";
        api.post(SECRETARIAT, "/api/consultations", body("id", followUp, "title", "Workshop topics under " + cid,
                "question", "Which two workshop topics?", "selectCount", 2, "parentId", cid)).expect(201);
        api.post(SECRETARIAT, "/api/consultations", body("id", followUp + "-x", "title", "Too early",
                "question", "Under an open parent?", "parentId", "idm-2010-theme")).expectProblem(409, "WRONG_PHASE");

        JsonNode list = api.awaitRead(OBSERVER, "/api/consultations", all -> byKey(all, "id").containsKey(followUp));
        JsonNode summary = byKey(list, "id").get(followUp);
        assertThat(summary.path("parentId").asString()).isEqualTo(cid);
        assertThat(summary.path("phase").asString()).isEqualTo("OPEN");
        JsonNode detail = api.read(OBSERVER, "/api/consultations/" + followUp).expect(200);
        assertThat(detail.path("parentId").asString()).isEqualTo(cid);
        assertThat(detail.path("selectCount").asInt()).isEqualTo(2);
    }

    @Test
    @Order(11)
    void aCancelledVoteStaysSealed() {
        String cancelled = cid + "-cancelled";
        api.post(SECRETARIAT, "/api/consultations", body("id", cancelled, "title", "A vote to be cancelled",
                "question", "Cancelled?")).expect(201);
        String first = api.post(MEX, "/api/consultations/" + cancelled + "/proposals",
                body("title", "First", "summary", "One.")).expect(201).path("id").asString();
        api.post(KEN, "/api/consultations/" + cancelled + "/proposals", body("title", "Second", "summary", "Two."))
                .expect(201);
        api.post(CHAIR, "/api/consultations/" + cancelled + "/open-voting", null).expect2xx();
        api.put(MEX, "/api/consultations/" + cancelled + "/ballots/MEX", choices(first)).expect2xx();
        api.post(CHAIR, "/api/consultations/" + cancelled + "/cancel", body("reason", "No")).expectProblem(403, "FORBIDDEN");
        api.post(SECRETARIAT, "/api/consultations/" + cancelled + "/cancel", body("reason", "Superseded")).expect2xx();
        api.put(MEX, "/api/consultations/" + cancelled + "/ballots/MEX", abstain()).expectProblem(409, "WRONG_PHASE");

        JsonNode tally = api.awaitRead(CHAIR, "/api/consultations/" + cancelled + "/tally",
                t -> "CANCELLED".equals(t.path("phase").asString()));
        assertThat(tally.path("ballotsCast").asInt()).isEqualTo(1);
        assertThat(api.read(SECRETARIAT, "/api/consultations/" + cancelled + "/ballots").expect(200).size()).isEqualTo(1);
        for (String sealedTo : List.of(OBSERVER, MEX, KEN)) {
            api.read(sealedTo, "/api/consultations/" + cancelled + "/tally").expectProblem(403, "FORBIDDEN");
            api.read(sealedTo, "/api/consultations/" + cancelled + "/ballots").expectProblem(403, "FORBIDDEN");
        }
        JsonNode mine = api.read(MEX, "/api/consultations/" + cancelled + "/ballots/mine").expect(200);
        assertThat(ids(mine.path("choices"), null)).containsExactly(first);
        JsonNode detail = api.awaitRead(OBSERVER, "/api/consultations/" + cancelled,
                d -> "CANCELLED".equals(d.path("phase").asString()));
        assertThat(detail.path("decision").isNull()).isTrue();
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private TallyStream watch(String user) {
        TallyStream stream = TallyStream.open(api, user, cid);
        streams.add(stream);
        return stream;
    }

    private String submit(String user, String proposalTitle, String summary) {
        String id = api.post(user, proposals(), body("title", proposalTitle, "summary", summary)).expect(201)
                .path("id").asString();
        assertThat(id).isNotBlank();
        return id;
    }

    private String comment(String user, String proposalId, String text, String inReplyTo) {
        Map<String, Object> comment = body("text", text);
        if (inReplyTo != null) {
            comment.put("inReplyTo", inReplyTo);
        }
        String id = api.post(user, proposal(proposalId) + "/comments", comment).expect(201).path("id").asString();
        assertThat(id).isNotBlank();
        return id;
    }

    private void assertFinalBallots(JsonNode ballots) {
        Map<String, JsonNode> byState = byKey(ballots, "memberState");
        assertThat(byState.keySet()).containsExactlyInAnyOrder("PHL", "MEX", "KEN", "BRA", UNSEEDED_STATE);
        assertBallot(byState.get("PHL"), List.of(), true, 1);
        assertBallot(byState.get("MEX"), List.of(pKen), false, 1);
        assertBallot(byState.get("KEN"), List.of(pKen), false, 0);
        assertBallot(byState.get("BRA"), List.of(), true, 0);
        assertBallot(byState.get(UNSEEDED_STATE), List.of(pMex), false, 0);
    }

    private static void assertBallot(JsonNode ballot, List<String> choices, boolean abstain, int changes) {
        assertThat(ids(ballot.path("choices"), null)).as("choices of %s", ballot).isEqualTo(choices);
        assertThat(ballot.path("abstain").asBoolean()).as("abstain of %s", ballot).isEqualTo(abstain);
        assertThat(ballot.path("changes").asInt()).as("changes of %s", ballot).isEqualTo(changes);
        Instant.parse(ballot.path("castAt").asString());
    }

    private static void assertProposal(JsonNode proposal, String title, String proposer, String status, int version) {
        assertThat(proposal.path("title").asString()).as("title of %s", proposal).isEqualTo(title);
        assertThat(proposal.path("proposer").asString()).as("proposer of %s", proposal).isEqualTo(proposer);
        assertThat(proposal.path("status").asString()).as("status of %s", proposal).isEqualTo(status);
        assertThat(proposal.path("version").asInt()).as("version of %s", proposal).isEqualTo(version);
        assertThat(proposal.has("summary") && proposal.has("commentCount")).as("fields of %s", proposal).isTrue();
    }

    private static void assertComment(JsonNode comment, String author, String memberState, String text,
                                      String inReplyTo, String status, boolean edited) {
        assertThat(comment.path("author").asString()).as("author of %s", comment).isEqualTo(author);
        assertThat(comment.path("memberState").asString()).as("memberState of %s", comment).isEqualTo(memberState);
        if (text == null) {
            assertThat(comment.path("text").isNull()).as("text of %s", comment).isTrue();
        } else {
            assertThat(comment.path("text").asString()).as("text of %s", comment).isEqualTo(text);
        }
        if (inReplyTo == null) {
            assertThat(comment.path("inReplyTo").isNull()).as("inReplyTo of %s", comment).isTrue();
        } else {
            assertThat(comment.path("inReplyTo").asString()).as("inReplyTo of %s", comment).isEqualTo(inReplyTo);
        }
        assertThat(comment.path("status").asString()).as("status of %s", comment).isEqualTo(status);
        assertThat(comment.path("edited").asBoolean()).as("edited of %s", comment).isEqualTo(edited);
    }

    /** Phase, counts and votes per result (proposals not named have no votes). */
    private static Predicate<JsonNode> tallyIs(String phase, int cast, int abstentions, Map<String, Integer> votes) {
        return tally -> {
            if (!phase.equals(tally.path("phase").asString()) || tally.path("ballotsCast").asInt() != cast
                    || tally.path("abstentions").asInt() != abstentions) {
                return false;
            }
            Map<String, Integer> actual = new HashMap<>();
            tally.path("results").forEach(r -> actual.put(r.path("proposalId").asString(), r.path("votes").asInt()));
            if (!actual.keySet().containsAll(votes.keySet())) {
                return false;
            }
            return actual.entrySet().stream()
                    .allMatch(entry -> entry.getValue().equals(votes.getOrDefault(entry.getKey(), 0)));
        };
    }

    private void assertTally(JsonNode tally, String phase, int cast, int abstentions, Map<String, Integer> votes) {
        assertThat(tallyIs(phase, cast, abstentions, votes).test(tally))
                .as("expected %s with %s ballot(s), %s abstention(s), votes %s; got %s", phase, cast, abstentions,
                        votes, tally)
                .isTrue();
        assertThat(tally.path("consultationId").asString()).isEqualTo(cid);
        Map<String, JsonNode> results = byKey(tally.path("results"), "proposalId");
        assertThat(results.keySet()).as("the results of %s", tally).contains(pAdmin, pPhl, pMex, pKen);
        assertThat(results.get(pKen).path("title").asString()).isEqualTo("Climate Change and Migration");
        assertThat(results.get(pPhl).path("title").asString()).isEqualTo("Labour Mobility in Asia and the Pacific");
        if (results.containsKey(pBra)) {
            assertThat(results.get(pBra).path("votes").asInt()).isZero();
        }
        if (!"OPEN".equals(phase)) {
            assertThat(tally.path("eligible").asInt()).as("eligible in %s", tally).isEqualTo(eligible);
            assertThat(tally.path("quorum").asInt()).as("quorum in %s", tally).isEqualTo(quorum);
            assertThat(tally.path("quorumMet").asBoolean()).isEqualTo(cast >= quorum);
        }
    }

    private String consultation() {
        return "/api/consultations/" + cid;
    }

    private String proposals() {
        return consultation() + "/proposals";
    }

    private String proposal(String proposalId) {
        return proposals() + "/" + proposalId;
    }

    private String comment(String proposalId, String commentId) {
        return proposal(proposalId) + "/comments/" + commentId;
    }

    private String tally() {
        return consultation() + "/tally";
    }

    private String ballots() {
        return consultation() + "/ballots";
    }

    private String ballot(String memberState) {
        return ballots() + "/" + memberState;
    }

    private static Map<String, Object> choices(String... proposalIds) {
        return body("choices", List.of(proposalIds));
    }

    private static Map<String, Object> abstain() {
        return body("abstain", true);
    }

    static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    /** The elements of a JSON array by the value of one field. */
    static Map<String, JsonNode> byKey(JsonNode array, String field) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        array.forEach(element -> byKey.put(element.path(field).asString(), element));
        return byKey;
    }

    /** The strings of a JSON array, or of one field of its elements. */
    static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(element -> ids.add(field == null ? element.asString() : element.path(field).asString()));
        return ids;
    }
}
