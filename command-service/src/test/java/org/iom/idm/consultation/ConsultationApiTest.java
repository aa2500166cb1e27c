package org.iom.idm.consultation;

import org.axonframework.eventhandling.DomainEventMessage;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The consultation endpoints over HTTP: create, cancel, open and close voting, record the decision, with the
 * success, role, not-found, validation and phase answers of CONTRACT §3–§5.
 */
class ConsultationApiTest extends ApiTestSupport {

    // --- POST /api/consultations ------------------------------------------------------------------------------

    @Test
    void secretariatCreatesAConsultationWithItsIdAndTheEventRecordsWhoAndWhichRequest() {
        String id = uniqueId("idm-2011-theme");

        Reply reply = as(SECRETARIAT).header("X-Correlation-Id", "create-" + id).post("/api/consultations",
                Map.of("id", id, "title", "Overarching theme for IDM 2011", "question", "Which theme?",
                        "description", "The membership selects one theme", "selectCount", 2, "quorum", 10));

        assertThat(assertCreated(reply, "id")).isEqualTo(id);
        assertThat(reply.header("X-Correlation-Id")).isEqualTo("create-" + id);
        DomainEventMessage<?> event = lastEventOf(id);
        assertThat(event.getPayload()).isEqualTo(new ConsultationCreated(id, "Overarching theme for IDM 2011",
                "Which theme?", "The membership selects one theme", 2, 10, null));
        assertActor(event, SECRETARIAT, "SECRETARIAT", null);
        assertThat(event.getMetaData().get("correlationId")).isEqualTo("create-" + id);
    }

    @Test
    void generatedCorrelationIdIsEchoedAndRecordedWhenTheClientSendsNone() {
        Reply reply = as(SECRETARIAT).post("/api/consultations", Map.of("title", "A theme", "question", "Which?"));

        String id = assertCreated(reply, "id");
        assertThat(reply.header("X-Correlation-Id")).isNotBlank();
        assertThat(lastEventOf(id).getMetaData().get("correlationId")).isEqualTo(reply.header("X-Correlation-Id"));
    }

    @Test
    void aConsultationCreatedWithoutAnIdGetsOneMadeFromItsTitleAndSelectsOneProposal() {
        String round = uniqueId("round");

        String id = assertCreated(as(SECRETARIAT).post("/api/consultations",
                Map.of("title", "Migración y Desarrollo: " + round.toUpperCase(), "question", "Which?")), "id");

        assertThat(id).isEqualTo("migracion-y-desarrollo-" + round);
        ConsultationCreated created = lastPayloadOf(id, ConsultationCreated.class);
        assertThat(created.selectCount()).isEqualTo(1);
        assertThat(created.quorum()).isNull();
    }

    @Test
    void aConsultationWhoseTitleMakesATakenIdGetsTheNextFreeOne() {
        String taken = uniqueId("workshop-topics");
        assertCreated(as(SECRETARIAT).post("/api/consultations", Map.of("id", taken, "title", "Another title",
                "question", "Which?")), "id");
        Map<String, String> sameTitle = Map.of("title", "Workshop Topics " + taken.substring("workshop-topics-".length()),
                "question", "Which two topics?");

        String second = assertCreated(as(SECRETARIAT).post("/api/consultations", sameTitle), "id");
        String third = assertCreated(as(SECRETARIAT).post("/api/consultations", sameTitle), "id");

        assertThat(List.of(second, third)).containsExactly(taken + "-2", taken + "-3");
        assertThat(lastPayloadOf(taken, ConsultationCreated.class).title()).isEqualTo("Another title");
        assertThat(eventsOf(taken)).hasSize(1);
    }

    @Test
    void whenTwentyNumberedIdsAreTakenARandomSuffixEndsTheSearch() {
        String base = uniqueId("crowded");
        for (int n = 1; n <= 20; n++) {
            String id = ReadableIds.candidate(base, n);
            assertCreated(as(SECRETARIAT).post("/api/consultations", Map.of("id", id, "title", "Taken " + id,
                    "question", "Which?")), "id");
        }

        String id = assertCreated(as(SECRETARIAT).post("/api/consultations",
                Map.of("title", base.toUpperCase(), "question", "Which?")), "id");

        assertThat(id).matches(base + "-[a-z0-9]{6}").isNotEqualTo(base + "-21");
    }

    @Test
    void consultationsCreatedAtOnceWithOneTitleEachGetTheirOwnId() {
        String title = "Labour Mobility " + uniqueId("at-once");
        String base = ReadableIds.fromTitle(title).orElseThrow();
        long before = storedEventCount();

        List<Reply> replies = concurrently(4, () -> as(SECRETARIAT).post("/api/consultations",
                Map.of("title", title, "question", "Which?")));

        assertThat(replies.stream().map(reply -> assertCreated(reply, "id")))
                .containsExactlyInAnyOrder(base, base + "-2", base + "-3", base + "-4");
        assertThat(storedEventCount()).isEqualTo(before + 4);
    }

    @Test
    void aTitleWithoutEnoughLatinLettersGetsAConsultationIdWithARandomPart() {
        String id = assertCreated(as(SECRETARIAT).post("/api/consultations",
                Map.of("title", "الهجرة والتنمية", "question", "Which?")), "id");

        assertThat(id).matches("consultation-[a-z0-9]{6}");
        assertThat(lastPayloadOf(id, ConsultationCreated.class).title()).isEqualTo("الهجرة والتنمية");
    }

    @Test
    void anIdMadeFromALongTitleStaysWithinSixtyFourCharactersAlsoWhenNumbered() {
        Map<String, String> body = Map.of("title", uniqueId("long") + " and " + "development ".repeat(15),
                "question", "Which?");

        String first = assertCreated(as(SECRETARIAT).post("/api/consultations", body), "id");
        String second = assertCreated(as(SECRETARIAT).post("/api/consultations", body), "id");

        assertThat(first).hasSizeGreaterThan(60).matches("[a-z0-9-]{3,64}");
        assertThat(second).matches("[a-z0-9-]{3,64}").endsWith("-2").startsWith(first.substring(0, 50));
    }

    @Test
    void acceptsTextsAtTheirLimits() {
        String id = uniqueId("c");

        assertCreated(as(SECRETARIAT).post("/api/consultations", Map.of("id", id, "title", "t".repeat(200),
                "question", "q".repeat(5000), "description", "d".repeat(5000), "selectCount", 20)), "id");

        assertThat(lastPayloadOf(id, ConsultationCreated.class).title()).hasSize(200);
    }

    static Stream<Arguments> invalidConsultationFields() {
        return Stream.of(
                arguments("title", null),
                arguments("title", " "),
                arguments("title", "t".repeat(201)),
                arguments("question", ""),
                arguments("question", "q".repeat(5001)),
                arguments("description", "d".repeat(5001)),
                arguments("id", "ab"),
                arguments("id", "Upper-Case"),
                arguments("id", "with space"),
                arguments("id", "i".repeat(65)),
                arguments("selectCount", 0),
                arguments("selectCount", 21),
                arguments("quorum", 0),
                arguments("parentId", "no/slashes"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidConsultationFields")
    void refusesAnInvalidFieldAndNamesIt(String field, Object value) {
        Map<String, Object> body = new HashMap<>(Map.of("title", "A theme", "question", "Which?"));
        body.put(field, value);

        assertInvalid(() -> as(SECRETARIAT).post("/api/consultations", body), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAIR, OBSERVER, "delegate-phl"})
    void onlyTheSecretariatCreatesConsultations(String user) {
        String id = uniqueId("c");

        assertRejected(403, "FORBIDDEN", () -> as(user).post("/api/consultations",
                Map.of("id", id, "title", "A theme", "question", "Which?")));

        assertThat(eventsOf(id)).isEmpty();
    }

    @Test
    void refusesAnIdThatExistsAlreadyAndChangesNothing() {
        String existing = newConsultation();

        assertRejected(409, "ALREADY_EXISTS", () -> as(SECRETARIAT).post("/api/consultations",
                Map.of("id", existing, "title", "Another theme", "question", "Which?", "selectCount", 2)));

        assertThat(eventsOf(existing)).hasSize(1);
        submitProposal(existing, SECRETARIAT);
        openVoting(existing);
    }

    @Test
    void refusesTheSeededConsultationsId() {
        assertRejected(409, "ALREADY_EXISTS", () -> as(SECRETARIAT).post("/api/consultations",
                Map.of("id", SEEDED_CONSULTATION, "title", "Another theme", "question", "Which?")));
    }

    @Test
    void createsAFollowUpOfADecidedConsultation() {
        String parent = decidedConsultation();
        String id = uniqueId("workshops");

        assertCreated(as(SECRETARIAT).post("/api/consultations", Map.of("id", id, "title", "Workshop topics",
                "question", "Which two topics?", "selectCount", 2, "parentId", parent)), "id");

        assertThat(lastPayloadOf(id, ConsultationCreated.class).parentId()).isEqualTo(parent);
    }

    @Test
    void aFollowUpWhoseIdExistsIsRefusedAsAlreadyExistsAndChangesNothing() {
        String parent = decidedConsultation();
        String other = newConsultation();

        for (String taken : List.of(parent, other)) {
            assertRejected(409, "ALREADY_EXISTS", () -> as(SECRETARIAT).post("/api/consultations", Map.of("id", taken,
                    "title", "Workshop topics", "question", "Which two topics?", "selectCount", 2,
                    "parentId", parent)));
        }

        assertThat(lastEventOf(parent).getPayload()).isInstanceOf(DecisionRecorded.class);
        assertThat(eventsOf(other)).hasSize(1);
        String followUp = assertCreated(as(SECRETARIAT).post("/api/consultations", Map.of("title", "Workshop topics",
                "question", "Which two topics?", "parentId", parent)), "id");
        assertThat(lastPayloadOf(followUp, ConsultationCreated.class).parentId()).isEqualTo(parent);
        submitProposal(other, SECRETARIAT);
        openVoting(other);
    }

    @Test
    void refusesAFollowUpOfAConsultationThatIsNotDecided() {
        String parent = newConsultation();

        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post("/api/consultations",
                Map.of("title", "Workshop topics", "question", "Which?", "parentId", parent)));
    }

    @Test
    void refusesAFollowUpOfAnUnknownConsultation() {
        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post("/api/consultations",
                Map.of("title", "Workshop topics", "question", "Which?", "parentId", uniqueId("missing"))));
    }

    // --- POST /api/consultations/{cid}/cancel -----------------------------------------------------------------

    @Test
    void secretariatCancelsAnOpenConsultation() {
        String cid = newConsultation();

        assertNoContent(as(SECRETARIAT).post(consultation(cid) + "/cancel", reason("Superseded")));

        assertThat(lastPayloadOf(cid, ConsultationCancelled.class))
                .isEqualTo(new ConsultationCancelled(cid, Phase.OPEN, "Superseded"));
    }

    @Test
    void secretariatCancelsAConsultationWhileVoting() {
        String cid = votingConsultation();

        assertNoContent(as(SECRETARIAT).post(consultation(cid) + "/cancel", reason("r".repeat(2000))));

        assertThat(lastPayloadOf(cid, ConsultationCancelled.class).previousPhase()).isEqualTo(Phase.VOTING);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAIR, OBSERVER, "delegate-phl"})
    void onlyTheSecretariatCancels(String user) {
        String cid = newConsultation();

        assertRejected(403, "FORBIDDEN", () -> as(user).post(consultation(cid) + "/cancel", reason("Superseded")));
    }

    @Test
    void cancellingAnUnknownConsultationIsNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post(consultation(uniqueId("missing")) + "/cancel",
                reason("Superseded")));
    }

    @ParameterizedTest
    @MethodSource("invalidReasons")
    void cancellingNeedsAReasonWithinTheLimit(String reason) {
        String cid = newConsultation();
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);

        assertInvalid(() -> as(SECRETARIAT).post(consultation(cid) + "/cancel", body), "reason");
    }

    static Stream<String> invalidReasons() {
        return Stream.of(null, "", "   ", "r".repeat(2001));
    }

    @Test
    void aClosedConsultationCannotBeCancelled() {
        String cid = votingConsultation();
        closeVoting(cid);

        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(consultation(cid) + "/cancel",
                reason("Too late")));
    }

    @Test
    void aCancelledConsultationCannotBeCancelledAgain() {
        String cid = newConsultation();
        assertNoContent(as(SECRETARIAT).post(consultation(cid) + "/cancel", reason("Superseded")));

        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(consultation(cid) + "/cancel",
                reason("Again")));
    }

    // --- POST /api/consultations/{cid}/open-voting ------------------------------------------------------------

    @Test
    void chairOpensVotingWithTheDefaultQuorumOfAMajority() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);

        assertNoContent(as(CHAIR).post(consultation(cid) + "/open-voting"));

        DomainEventMessage<?> event = lastEventOf(cid);
        VotingOpened opened = (VotingOpened) event.getPayload();
        assertThat(opened.eligible()).isGreaterThanOrEqualTo(100);
        assertThat(opened.quorum()).isEqualTo(opened.eligible() / 2 + 1);
        assertActor(event, CHAIR, "CHAIR", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {SECRETARIAT, OBSERVER, "delegate-phl"})
    void onlyTheChairOpensVoting(String user) {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);

        assertRejected(403, "FORBIDDEN", () -> as(user).post(consultation(cid) + "/open-voting"));
    }

    @Test
    void openingVotingOfAnUnknownConsultationIsNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(CHAIR).post(consultation(uniqueId("missing")) + "/open-voting"));
    }

    @Test
    void votingNeedsAtLeastSelectCountActiveProposals() {
        String cid = newConsultation(Map.of("selectCount", 2));
        submitProposal(cid, SECRETARIAT);
        withdraw(cid, submitProposal(cid, SECRETARIAT), SECRETARIAT);

        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(cid) + "/open-voting"));
    }

    @Test
    void votingCannotBeOpenedTwice() {
        String cid = votingConsultation();

        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(cid) + "/open-voting"));
    }

    // --- POST /api/consultations/{cid}/close-voting -----------------------------------------------------------

    @Test
    void chairClosesVotingAndTheEventCountsTheBallots() {
        String cid = newConsultation(Map.of("quorum", 1));
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        castBallot(cid, claimMemberState(), pid);

        assertNoContent(as(CHAIR).post(consultation(cid) + "/close-voting"));

        assertThat(lastPayloadOf(cid, VotingClosed.class)).isEqualTo(new VotingClosed(cid, 1, 0, 1, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {SECRETARIAT, OBSERVER, "delegate-phl"})
    void onlyTheChairClosesVoting(String user) {
        String cid = votingConsultation();

        assertRejected(403, "FORBIDDEN", () -> as(user).post(consultation(cid) + "/close-voting"));
    }

    @Test
    void closingVotingOfAnUnknownConsultationIsNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(CHAIR).post(consultation(uniqueId("missing")) + "/close-voting"));
    }

    @Test
    void votingThatIsNotOpenCannotBeClosed() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);

        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(cid) + "/close-voting"));
    }

    @Test
    void votingCannotBeClosedTwice() {
        String cid = votingConsultation();
        closeVoting(cid);

        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(cid) + "/close-voting"));
    }

    // --- POST /api/consultations/{cid}/decision ---------------------------------------------------------------

    @Test
    void chairRecordsTheLeadingProposalWithoutRationaleWhenTheQuorumIsMet() {
        String cid = newConsultation(Map.of("quorum", 1));
        String leading = submitProposal(cid, SECRETARIAT);
        submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        castBallot(cid, claimMemberState(), leading);
        closeVoting(cid);

        assertNoContent(as(CHAIR).post(consultation(cid) + "/decision", Map.of("selected", List.of(leading))));

        assertThat(lastPayloadOf(cid, DecisionRecorded.class))
                .isEqualTo(new DecisionRecorded(cid, List.of(leading), null));
    }

    @Test
    void aSelectionThatDiffersFromTheLeaderNeedsARationale() {
        String cid = newConsultation(Map.of("quorum", 1));
        String leading = submitProposal(cid, SECRETARIAT);
        String other = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        castBallot(cid, claimMemberState(), leading);
        closeVoting(cid);

        assertRejected(409, "RATIONALE_REQUIRED", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(other))));
        assertNoContent(as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(other), "rationale", "r".repeat(2000))));

        assertThat(lastPayloadOf(cid, DecisionRecorded.class).selected()).containsExactly(other);
    }

    @Test
    void aTieForTheLeadNeedsARationale() {
        String cid = newConsultation(Map.of("quorum", 2));
        String first = submitProposal(cid, SECRETARIAT);
        String second = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        castBallot(cid, claimMemberState(), first);
        castBallot(cid, claimMemberState(), second);
        closeVoting(cid);

        assertRejected(409, "RATIONALE_REQUIRED", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(first))));
    }

    @Test
    void aMissedQuorumNeedsARationale() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        closeVoting(cid);

        assertRejected(409, "RATIONALE_REQUIRED", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(pid))));
    }

    @ParameterizedTest
    @ValueSource(strings = {SECRETARIAT, OBSERVER, "delegate-phl"})
    void onlyTheChairRecordsTheDecision(String user) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        closeVoting(cid);

        assertRejected(403, "FORBIDDEN", () -> as(user).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(pid), "rationale", "Mine")));
    }

    @Test
    void decidingAnUnknownConsultationIsNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(CHAIR).post(consultation(uniqueId("missing")) + "/decision",
                Map.of("selected", List.of("anything"), "rationale", "Because")));
    }

    @Test
    void selectingAnUnknownProposalIsNotFound() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        closeVoting(cid);

        assertRejected(404, "NOT_FOUND", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(uniqueId("missing")), "rationale", "Because")));
    }

    @Test
    void selectingAWithdrawnProposalIsRefused() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);
        String withdrawn = submitProposal(cid, SECRETARIAT);
        withdraw(cid, withdrawn, SECRETARIAT);
        openVoting(cid);
        closeVoting(cid);

        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(withdrawn), "rationale", "Because")));
    }

    @Test
    void theDecisionNeedsSelectedProposals() {
        String cid = closedConsultation();

        assertInvalid(() -> as(CHAIR).post(consultation(cid) + "/decision", Map.of("rationale", "Because")),
                "selected");
        assertInvalid(() -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(), "rationale", "Because")), "selected");
        assertInvalid(() -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(" "), "rationale", "Because")), "selected[0]");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2001})
    void aRationaleMustBeWithinItsLimits(int length) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        closeVoting(cid);

        assertInvalid(() -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(pid), "rationale", "r".repeat(length))), "rationale");
    }

    @Test
    void theDecisionSelectsExactlySelectCountDistinctProposals() {
        String cid = newConsultation();
        String first = submitProposal(cid, SECRETARIAT);
        String second = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        closeVoting(cid);

        assertRejected(400, "VALIDATION_FAILED", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(first, second), "rationale", "Both")));
        assertRejected(400, "VALIDATION_FAILED", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(first, first), "rationale", "Twice")));
    }

    @Test
    void noDecisionWhileVotingIsOpen() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);

        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(pid), "rationale", "Early")));
    }

    @Test
    void aDecisionIsFinal() {
        String cid = decidedConsultation();
        String pid = ((DecisionRecorded) lastEventOf(cid).getPayload()).selected().get(0);

        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(cid) + "/decision",
                Map.of("selected", List.of(pid), "rationale", "Again")));
    }

    // --- fixtures ---------------------------------------------------------------------------------------------

    private String votingConsultation() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        return cid;
    }

    private String closedConsultation() {
        String cid = votingConsultation();
        closeVoting(cid);
        return cid;
    }

    private String decidedConsultation() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        closeVoting(cid);
        decide(cid, pid);
        return cid;
    }
}
