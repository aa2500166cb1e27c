package org.iom.idm.record;

import jakarta.servlet.http.Cookie;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationEvent.SilenceBroken;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.MajorityRule;
import org.iom.idm.consultation.Procedure;
import org.iom.idm.consultation.TieBreak;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.IdmUser;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §7's official record through the whole web stack: a consultation is decided, and its record is read as
 * canonical JSON, as a page and as PDF in English, French and Spanish (the PDF's text extracted with PDFBox), its
 * signature verified with the installation's public key; before the decision it is refused.
 */
class OfficialRecordTest extends AbstractProjectionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String QUESTION = "Quel thème retenir pour l'IDM 2027 — ¿migración y cambio climático?";
    private static final String FIRST = "Migración y desarrollo";
    private static final String SECOND = "Mobilité et œuvre commune";
    private static final String WITHDRAWN = "Withdrawn idea";
    private static final String RATIONALE = "Le quorum est atteint ; la proposition la mieux placée est retenue.";
    private static final String ABSTENTION_EXPLAINED = "Nos abstenemos: ninguna propuesta trata del clima.";
    private static final String VOTE_EXPLAINED = "We chose the second proposal for its focus on common work.";
    /** How each language says "abstention" and the heading of the ballots cast, as the page shows them. */
    private static final Map<String, List<String>> WORDS = Map.of(
            "en", List.of("Abstention", "Ballots cast", "Official record"),
            "fr", List.of("Abstention", "Bulletins déposés", "Procès-verbal officiel"),
            "es", List.of("Abstención", "Papeletas emitidas", "Acta oficial"));

    @Autowired
    private WebApplicationContext context;
    @Autowired
    private AccessTokens tokens;
    private MockMvc mvc;

    private record State(String code, String name) {
    }

    private String cid;
    private List<State> states;

    @Override
    protected boolean failsOnEventHandlerErrors() {
        return true;
    }

    @BeforeEach
    void decidedConsultation() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        states = List.of(new State(newMemberStateCode(), "Côte Prueba"), new State(newMemberStateCode(), "España Test"),
                new State(newMemberStateCode(), "Ærø Œland"), new State(newMemberStateCode(), "Türkiye Test"));
        states.forEach(state -> feedMemberState(state.code(), new MemberStateRegistered(state.code(), state.name())));
        cid = newConsultationId("record");
        feed(cid, SECRETARIAT,
                new ConsultationCreated(cid, "Thème de l'IDM 2027", QUESTION, "Une description.", 1, 3, null),
                new ProposalSubmitted(cid, "first", FIRST, "Résumé de la première.", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "withdrawn", WITHDRAWN, "Gone.", Proposer.ADMINISTRATION),
                new ProposalWithdrawn(cid, "withdrawn", "merged"));
        feed(cid, delegate(states.get(0).code()),
                new ProposalSubmitted(cid, "second", SECOND, "Resumen de la segunda.", states.get(0).code()));
        feed(cid, CHAIR, new VotingOpened(cid, 4, 3));
        feed(cid, delegate(states.get(0).code()), new BallotCast(cid, states.get(0).code(), List.of("second"), false));
        feed(cid, delegate(states.get(1).code()), new BallotCast(cid, states.get(1).code(), List.of("second"), false),
                new BallotChanged(cid, states.get(1).code(), List.of("first"), false));
        feed(cid, delegate(states.get(2).code()), new BallotCast(cid, states.get(2).code(), List.of(), true,
                ABSTENTION_EXPLAINED, Map.of()));
        feed(cid, delegate(states.get(3).code()), new BallotCast(cid, states.get(3).code(), List.of("second"), false,
                VOTE_EXPLAINED, Map.of("second", 1)));
        feed(cid, CHAIR, new VotingClosed(cid, 4, 1, 3, true), new DecisionRecorded(cid, List.of("second"), RATIONALE));
        awaitProjections();
    }

    @Test
    void theJsonRecordIsCanonicalAndHoldsTheDecidedConsultation() throws Exception {
        MockHttpServletResponse response = get("observer", "/api/consultations/" + cid + "/record", "application/json");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("application/json");
        byte[] bytes = response.getContentAsByteArray();
        String text = new String(bytes, StandardCharsets.UTF_8);
        JsonNode record = JSON.readTree(bytes);
        assertThat(text).as("canonical: sorted at every depth, no whitespace").isEqualTo(canonical(record));
        assertThat(text).contains(QUESTION);
        assertThat(record.path("consultation").path("question").asString()).isEqualTo(QUESTION);
        assertThat(record.path("proposals").findValuesAsString("id")).containsExactly("first", "withdrawn", "second");
        assertThat(record.path("proposals").get(2).path("proposer").asString()).isEqualTo(states.get(0).code());
        assertThat(record.path("proposals").get(1).path("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(record.path("rounds")).as("one round of voting, without a runoff").hasSize(1);
        JsonNode tally = record.path("rounds").get(0).path("tally");
        assertThat(tally.path("eligible").asInt()).isEqualTo(4);
        assertThat(tally.path("ballotsCast").asInt()).isEqualTo(4);
        assertThat(tally.path("abstentions").asInt()).isEqualTo(1);
        assertThat(tally.path("quorum").asInt()).isEqualTo(3);
        assertThat(tally.path("quorumMet").asBoolean()).isTrue();
        assertThat(votesOf(tally.path("results"))).containsEntry("second", 2).containsEntry("first", 1);
        JsonNode votes = record.path("rounds").get(0).path("votes");
        assertThat(votes).hasSize(4);
        assertThat(votes.get(1).path("memberState").asString()).isEqualTo(states.get(1).code());
        assertThat(votes.get(1).path("choices").get(0).asString()).as("the last ballot counts").isEqualTo("first");
        assertThat(votes.get(2).path("abstain").asBoolean()).isTrue();
        assertThat(votes.valueStream().map(vote -> vote.path("explanation"))
                .map(explanation -> explanation.isNull() ? null : explanation.asString()))
                .as("every state's explanation of vote, or none")
                .containsExactly(null, null, ABSTENTION_EXPLAINED, VOTE_EXPLAINED);
        JsonNode decision = record.path("decision");
        assertThat(decision.path("selected").get(0).asString()).isEqualTo("second");
        assertThat(decision.path("rationale").asString()).isEqualTo(RATIONALE);
        assertThat(decision.path("decidedBy").asString()).isEqualTo("chair");
        assertThat(decision.path("role").asString()).isEqualTo("CHAIR");
        assertThat(decision.path("decidedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(record.path("procedure").path("majority").asString()).isEqualTo("PLURALITY");
        assertThat(record.path("procedure").path("selectCount").asInt()).isEqualTo(1);
        Map<String, Object> entry = decisionEntry();
        assertThat(record.path("auditHead").path("position").asLong()).isEqualTo(entry.get("event_position"));
        assertThat(record.path("auditHead").path("hash").asString()).isEqualTo(entry.get("hash"));
    }

    /** CONTRACT §7: the record states the procedure and majority rule that applied, as declared (CONTRACT §8). */
    @ParameterizedTest
    @CsvSource({"SIMPLE, RUNOFF", "TWO_THIRDS, CHAIR"})
    void theRecordStatesTheMajorityRuleAndTieBreakTheConsultationDeclared(MajorityRule majority, TieBreak tieBreak)
            throws Exception {
        String declared = newConsultationId("record-declared");
        feed(declared, SECRETARIAT, new ConsultationCreated(declared, "Declared rules", QUESTION, null, 1, null, null,
                        Procedure.RECORDED_VOTE, majority, tieBreak, null),
                new ProposalSubmitted(declared, "first", FIRST, "The first.", Proposer.ADMINISTRATION),
                new ProposalSubmitted(declared, "second", SECOND, "The second.", Proposer.ADMINISTRATION));
        feed(declared, CHAIR, new VotingOpened(declared, 4, 3));
        for (State state : states.subList(0, 3)) {
            feed(declared, delegate(state.code()), new BallotCast(declared, state.code(), List.of("first"), false));
        }
        feed(declared, CHAIR, new VotingClosed(declared, 3, 0, 3, true),
                new DecisionRecorded(declared, List.of("first"), null));
        awaitProjections();

        JsonNode procedure = JSON.readTree(get("observer", "/api/consultations/" + declared + "/record",
                "application/json").getContentAsByteArray()).path("procedure");
        assertThat(procedure.path("procedure").asString()).isEqualTo("RECORDED_VOTE");
        assertThat(procedure.path("majority").asString()).isEqualTo(majority.name());
        assertThat(procedure.path("tieBreak").asString()).isEqualTo(tieBreak.name());
        for (String lang : List.of("en", "fr", "es")) {
            assertThat(get("observer", "/api/consultations/" + declared + "/record?lang=" + lang, "text/html")
                    .getContentAsString(StandardCharsets.UTF_8)).as("the printable record in %s", lang)
                    .doesNotContain("??").doesNotContain(RULE_WORDS.get("PLURALITY").get(lang))
                    .contains(RULE_WORDS.get(majority.name()).get(lang));
        }
    }

    /** A word of each majority rule's sentence in the record, by language. */
    private static final Map<String, Map<String, String>> RULE_WORDS = Map.of(
            "PLURALITY", Map.of("en", "plurality", "fr", "majorité relative", "es", "mayoría relativa"),
            "SIMPLE", Map.of("en", "simple majority", "fr", "majorité simple", "es", "mayoría simple"),
            "TWO_THIRDS", Map.of("en", "two-thirds majority", "fr", "majorité des deux tiers",
                    "es", "mayoría de dos tercios"));

    /**
     * CONTRACT §8 rules 9 and 10: after a runoff the recorded vote is every round's, each under its round, and
     * each state's explanation of vote in each round is published with it.
     */
    @Test
    void afterARunoffTheRecordListsEveryRoundsBallotsWithEachStatesExplanation() throws Exception {
        String runoff = newConsultationId("record-runoff");
        feed(runoff, SECRETARIAT, new ConsultationCreated(runoff, "Runoff rules", QUESTION, null, 1, null, null,
                        Procedure.RECORDED_VOTE, MajorityRule.PLURALITY, TieBreak.RUNOFF, null),
                new ProposalSubmitted(runoff, "first", FIRST, "The first.", Proposer.ADMINISTRATION),
                new ProposalSubmitted(runoff, "second", SECOND, "The second.", Proposer.ADMINISTRATION));
        feed(runoff, CHAIR, new VotingOpened(runoff, 4, 3));
        ballot(runoff, 1, states.get(0), List.of("first"), "Round one: the first, for its scope.");
        ballot(runoff, 1, states.get(1), List.of("second"), "Round one: the second, for its focus.");
        ballot(runoff, 1, states.get(2), List.of(), "Round one: we abstain.");
        feed(runoff, CHAIR, new VotingClosed(runoff, 3, 1, 3, true),
                new RunoffOpened(runoff, 2, List.of("first", "second"), List.of(), 4, 3));
        ballot(runoff, 2, states.get(0), List.of("first"), "Round two: still the first.");
        ballot(runoff, 2, states.get(1), List.of("first"), "Round two: we join the first.");
        ballot(runoff, 2, states.get(3), List.of("second"), "Round two: the second, alone.");
        feed(runoff, CHAIR, new VotingClosed(runoff, 3, 0, 3, true),
                new DecisionRecorded(runoff, List.of("first"), null));
        awaitProjections();

        JsonNode rounds = JSON.readTree(get("observer", "/api/consultations/" + runoff + "/record",
                "application/json").getContentAsByteArray()).path("rounds");
        assertThat(rounds.valueStream().map(round -> round.path("round").asInt())).containsExactly(1, 2);
        assertThat(explanations(rounds.get(0).path("votes"))).containsExactly(
                Map.entry(states.get(0).code(), "Round one: the first, for its scope."),
                Map.entry(states.get(1).code(), "Round one: the second, for its focus."),
                Map.entry(states.get(2).code(), "Round one: we abstain."));
        assertThat(explanations(rounds.get(1).path("votes"))).containsExactly(
                Map.entry(states.get(0).code(), "Round two: still the first."),
                Map.entry(states.get(1).code(), "Round two: we join the first."),
                Map.entry(states.get(3).code(), "Round two: the second, alone."));
        assertThat(rounds.get(0).path("tally").path("ballotsCast").asInt()).isEqualTo(3);
        assertThat(rounds.get(0).path("tally").path("abstentions").asInt()).isEqualTo(1);
        assertThat(votesOf(rounds.get(1).path("tally").path("results"))).containsEntry("first", 2)
                .containsEntry("second", 1);
        for (String lang : List.of("en", "fr", "es")) {
            String page = get("observer", "/api/consultations/" + runoff + "/record?lang=" + lang, "text/html")
                    .getContentAsString(StandardCharsets.UTF_8);
            String roundOne = ROUND_WORDS.get(lang) + " 1";
            String roundTwo = ROUND_WORDS.get(lang) + " 2";
            assertThat(page).as("the printable record in %s", lang).doesNotContain("??").contains(roundOne, roundTwo);
            assertThat(page.indexOf("Round one: we abstain.")).as("round one's ballots under round one, in %s", lang)
                    .isGreaterThan(page.indexOf(roundOne)).isLessThan(page.indexOf(roundTwo));
            assertThat(page.indexOf("Round two: the second, alone.")).as("round two's ballots under round two")
                    .isGreaterThan(page.indexOf(roundTwo));
            assertThat(page).contains("Round one: the first, for its scope.", "Round one: the second, for its focus.",
                    "Round two: still the first.", "Round two: we join the first.");
        }
    }

    /**
     * CONTRACT §8 rule 8: a consultation decided by the silence procedure has a record that says so, lists every
     * draft circulated with each break of silence on it, and states that the system recorded the last draft as the
     * decision because its deadline passed unbroken; no vote was held, so none is listed.
     */
    @Test
    void aRecordDecidedBySilenceListsEveryDraftWithItsBreaksAndTheSystemsDecision() throws Exception {
        String silence = newConsultationId("record-silence");
        feed(silence, SECRETARIAT, new ConsultationCreated(silence, "Silence", QUESTION, null, 1, null, null,
                        Procedure.SILENCE, null, null, null),
                new ProposalSubmitted(silence, "first", FIRST, "The first.", Proposer.ADMINISTRATION),
                new ProposalSubmitted(silence, "second", SECOND, "The second.", Proposer.ADMINISTRATION));
        Instant firstDeadline = Instant.parse("2026-04-01T10:00:00Z");
        Instant secondDeadline = Instant.parse("2026-04-15T10:00:00Z");
        Instant firstCirculated = feed(silence, CHAIR, new DraftCirculated(silence, 1, List.of("second"),
                FIRST_DRAFT, firstDeadline));
        Instant firstBroken = feed(silence, delegate(states.get(0).code()),
                new SilenceBroken(silence, 1, states.get(0).code(), FIRST_BREAK));
        Instant secondBroken = feed(silence, delegate(states.get(1).code()),
                new SilenceBroken(silence, 1, states.get(1).code(), SECOND_BREAK));
        Instant secondCirculated = feed(silence, CHAIR, new DraftCirculated(silence, 2, List.of("first"),
                SECOND_DRAFT, secondDeadline));
        feed(silence, Actor.SYSTEM, new DecisionRecorded(silence, List.of("first"), null));

        JsonNode record = JSON.readTree(get("observer", "/api/consultations/" + silence + "/record",
                "application/json").getContentAsByteArray());
        assertThat(record.path("procedure").path("procedure").asString()).isEqualTo("SILENCE");
        assertThat(record.path("procedure").path("fallback").isNull()).isTrue();
        JsonNode drafts = record.path("drafts");
        assertThat(drafts).hasSize(2);
        assertThat(draft(drafts.get(0))).containsExactly(1, List.of("second"), FIRST_DRAFT,
                firstCirculated.toString(), firstDeadline.toString());
        assertThat(breaks(drafts.get(0).path("breaks"))).containsExactly(
                List.of(states.get(0).code(), FIRST_BREAK, firstBroken.toString()),
                List.of(states.get(1).code(), SECOND_BREAK, secondBroken.toString()));
        assertThat(draft(drafts.get(1))).containsExactly(2, List.of("first"), SECOND_DRAFT,
                secondCirculated.toString(), secondDeadline.toString());
        assertThat(drafts.get(1).path("breaks")).isEmpty();
        assertThat(record.path("rounds")).as("no vote was held").isEmpty();
        JsonNode decision = record.path("decision");
        assertThat(decision.path("decidedBy").asString()).isEqualTo("system");
        assertThat(decision.path("role").asString()).isEqualTo("SYSTEM");
        assertThat(decision.path("draft").asInt()).as("the draft whose deadline passed unbroken").isEqualTo(2);
        assertThat(decision.path("selected").get(0).asString()).isEqualTo("first");
        for (String lang : List.of("en", "fr", "es")) {
            String page = page(silence, lang);
            assertThat(page).as("the printable record in %s", lang).doesNotContain("??")
                    .contains(SILENCE_WORDS.get(lang).get(0), SILENCE_WORDS.get(lang).get(1) + " 1",
                            SILENCE_WORDS.get(lang).get(1) + " 2", SILENCE_WORDS.get(lang).get(2))
                    .contains(escaped(FIRST_DRAFT), escaped(SECOND_DRAFT), FIRST_BREAK, SECOND_BREAK,
                            states.get(0).name(), "2026-04-15 10:00:00")
                    .contains("id=\"decided-by-silence\"")
                    .doesNotContain(WORDS.get(lang).get(1), RULE_WORDS.get("PLURALITY").get(lang));
            assertThat(page.indexOf(FIRST_BREAK)).as("the breaks under the first draft, in %s", lang)
                    .isLessThan(page.indexOf(SILENCE_WORDS.get(lang).get(1) + " 2"));
        }
        assertThat(pdfText(silence, "fr")).contains(FIRST_BREAK, SECOND_BREAK, "Projet de décision 2",
                "le système a enregistré le projet comme décision");
    }

    /**
     * Rule 8: a silence procedure that fell back to a recorded vote lists its drafts and the breaks that ended
     * them, and then the vote as a recorded vote's record does.
     */
    @Test
    void aSilenceProcedureThatFellBackToAVoteListsItsDraftsAndBreaksThenTheVote() throws Exception {
        String fallback = newConsultationId("record-fallback");
        feed(fallback, SECRETARIAT, new ConsultationCreated(fallback, "Fallback", QUESTION, null, 1, 2, null,
                        Procedure.SILENCE, null, null, Procedure.RECORDED_VOTE),
                new ProposalSubmitted(fallback, "first", FIRST, "The first.", Proposer.ADMINISTRATION),
                new ProposalSubmitted(fallback, "second", SECOND, "The second.", Proposer.ADMINISTRATION));
        feed(fallback, CHAIR, new DraftCirculated(fallback, 1, List.of("second"), FIRST_DRAFT,
                Instant.parse("2026-04-01T10:00:00Z")));
        feed(fallback, delegate(states.get(2).code()),
                new SilenceBroken(fallback, 1, states.get(2).code(), FIRST_BREAK));
        feed(fallback, CHAIR, new VotingOpened(fallback, 4, 2));
        ballot(fallback, 1, states.get(0), List.of("first"), VOTE_EXPLAINED);
        ballot(fallback, 1, states.get(2), List.of("first"), null);
        feed(fallback, CHAIR, new VotingClosed(fallback, 2, 0, 2, true),
                new DecisionRecorded(fallback, List.of("first"), null));

        JsonNode record = JSON.readTree(get("observer", "/api/consultations/" + fallback + "/record",
                "application/json").getContentAsByteArray());
        assertThat(record.path("procedure").path("procedure").asString()).isEqualTo("SILENCE");
        assertThat(record.path("procedure").path("fallback").asString()).isEqualTo("RECORDED_VOTE");
        assertThat(record.path("drafts")).hasSize(1);
        assertThat(breaks(record.path("drafts").get(0).path("breaks")))
                .extracting(broken -> broken.subList(0, 2))
                .containsExactly(List.of(states.get(2).code(), FIRST_BREAK));
        assertThat(record.path("rounds")).hasSize(1);
        assertThat(explanations(record.path("rounds").get(0).path("votes"))).containsExactly(
                Map.entry(states.get(0).code(), VOTE_EXPLAINED), Map.entry(states.get(2).code(), NO_EXPLANATION));
        assertThat(record.path("decision").path("draft").isNull()).as("decided by the vote").isTrue();
        assertThat(record.path("decision").path("decidedBy").asString()).isEqualTo("chair");
        for (String lang : List.of("en", "fr", "es")) {
            String page = page(fallback, lang);
            assertThat(page).as("the printable record in %s", lang).doesNotContain("??")
                    .contains(SILENCE_WORDS.get(lang).get(3), escaped(FIRST_DRAFT), FIRST_BREAK, VOTE_EXPLAINED,
                            RULE_WORDS.get("PLURALITY").get(lang))
                    .doesNotContain("id=\"decided-by-silence\"");
            assertThat(page.indexOf(FIRST_BREAK)).as("the drafts and breaks, then the vote, in %s", lang)
                    .isLessThan(page.indexOf(WORDS.get(lang).get(1)));
        }
    }

    private static final String FIRST_DRAFT = "The Dialogue's theme: \"Mobilité et œuvre commune\".";
    private static final String SECOND_DRAFT = "The Dialogue's theme: \"Migración y desarrollo\".";
    private static final String FIRST_BREAK = "Nous rompons le silence : le projet néglige le climat.";
    private static final String SECOND_BREAK = "Rompemos el silencio: preferimos la primera propuesta.";
    /**
     * How each language says the silence procedure, names a draft, ends the sentence that the system decided, and
     * names the fallback, as the printable record shows them.
     */
    private static final Map<String, List<String>> SILENCE_WORDS = Map.of(
            "en", List.of("Silence procedure", "Draft decision", "the system recorded the draft as the decision",
                    "Fallback: once a member state broke silence"),
            "fr", List.of("Procédure d&#39;accord tacite", "Projet de décision",
                    "le système a enregistré le projet comme décision", "Procédure de repli"),
            "es", List.of("Procedimiento de silencio", "Proyecto de decisión",
                    "el sistema registró el proyecto como la decisión", "Procedimiento de reserva"));

    private String page(String consultationId, String lang) throws Exception {
        return get("observer", "/api/consultations/" + consultationId + "/record?lang=" + lang, "text/html")
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private String pdfText(String consultationId, String lang) throws Exception {
        byte[] pdf = get("observer", "/api/consultations/" + consultationId + "/record?format=pdf&lang=" + lang,
                "application/pdf").getContentAsByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }

    /** A text as the page writes it: Thymeleaf escapes the markup's characters, quotes and apostrophes. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** A draft's number, selection, text, circulation and deadline, as the JSON record has them. */
    private static List<Object> draft(JsonNode draft) {
        return List.of(draft.path("number").asInt(), draft.path("selected").valueStream().map(JsonNode::asString)
                        .toList(), draft.path("text").asString(), draft.path("circulatedAt").asString(),
                draft.path("deadline").asString());
    }

    /** Each break's member state, reason and time. */
    private static List<List<String>> breaks(JsonNode breaks) {
        return breaks.valueStream().map(broken -> List.of(broken.path("memberState").asString(),
                broken.path("reason").asString(), broken.path("brokenAt").asString())).toList();
    }

    /** How each language names a round of voting in the record's headings. */
    private static final Map<String, String> ROUND_WORDS = Map.of("en", "Round", "fr", "Tour", "es", "Vuelta");

    private void ballot(String consultationId, int round, State state, List<String> choices, String explanation) {
        feed(consultationId, delegate(state.code()), new BallotCast(consultationId, state.code(), choices,
                choices.isEmpty(), explanation, Map.of(), round));
    }

    /** Each vote's member state and explanation ({@link #NO_EXPLANATION} for none), in the record's order. */
    private static List<Map.Entry<String, String>> explanations(JsonNode votes) {
        return votes.valueStream().map(vote -> Map.entry(vote.path("memberState").asString(),
                vote.path("explanation").isNull() ? NO_EXPLANATION : vote.path("explanation").asString())).toList();
    }

    private static final String NO_EXPLANATION = "(none)";

    @Test
    void theJsonRecordIsTheSameWhoeverAsksInWhateverLanguage() throws Exception {
        byte[] asObserver = get("observer", "/api/consultations/" + cid + "/record", "application/json")
                .getContentAsByteArray();
        MockHttpServletResponse asDelegateInFrench = mvc.perform(basic("delegate-phl",
                MockMvcRequestBuilders.get("/api/consultations/" + cid + "/record?format=json&lang=fr")
                        .header(HttpHeaders.ACCEPT_LANGUAGE, "es"))).andReturn().getResponse();

        assertThat(asDelegateInFrench.getContentAsByteArray()).isEqualTo(asObserver);
    }

    @Test
    void theSignatureVerifiesOverTheJsonRecordWithTheInstallationsKey() throws Exception {
        byte[] record = get("chair", "/api/consultations/" + cid + "/record", "application/json").getContentAsByteArray();
        JsonNode signature = JSON.readTree(get("delegate-phl", "/api/consultations/" + cid + "/record/signature",
                "application/json").getContentAsByteArray());
        JsonNode key = JSON.readTree(get("observer", "/api/record-key", "application/json").getContentAsByteArray());

        assertThat(signature.path("algorithm").asString()).isEqualTo("Ed25519");
        assertThat(signature.path("publicKey").asString()).isEqualTo(key.path("publicKey").asString());
        assertThat(signature.path("auditHead")).isEqualTo(JSON.readTree(record).path("auditHead"));
        assertThat(verifies(signature, record)).isTrue();
        byte[] altered = Arrays.copyOf(record, record.length);
        altered[altered.length / 2] ^= 1;
        assertThat(verifies(signature, altered)).as("after one byte changed").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"en, format=pdf&lang=en,", "fr, format=pdf&lang=fr,", "es, , es-ES"})
    void thePdfHoldsTheQuestionTheTallyEveryVoteAndTheAuditHeadInTheReadersLanguage(String lang, String query,
                                                                                     String acceptLanguage)
            throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.get("/api/consultations/" + cid + "/record"
                + (query == null ? "" : "?" + query)).accept("application/pdf");
        if (acceptLanguage != null) {
            request.header(HttpHeaders.ACCEPT_LANGUAGE, acceptLanguage);
        }
        MockHttpServletResponse response = mvc.perform(basic("observer", request)).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        String text;
        try (PDDocument pdf = Loader.loadPDF(response.getContentAsByteArray())) {
            text = new PDFTextStripper().getText(pdf);
        }
        List<String> lines = text.lines().map(String::strip).toList();
        List<String> words = WORDS.get(lang);
        assertThat(text.replaceAll("\\s+", " ")).as("texts wrapped onto several lines")
                .contains(words.get(2)).contains(QUESTION).contains(RATIONALE)
                .contains(ABSTENTION_EXPLAINED).contains(VOTE_EXPLAINED);
        assertThat(lines).as("the ballots cast").anyMatch(line -> line.equals(words.get(1) + " 4"));
        assertThat(lines).as("the votes of each proposal")
                .contains(SECOND + " 2", FIRST + " 1");
        assertThat(lines).as("the vote of " + states.get(0).name())
                .anyMatch(line -> line.startsWith(states.get(0).name() + " (" + states.get(0).code() + ") " + SECOND));
        assertThat(lines).as("the vote of " + states.get(1).name())
                .anyMatch(line -> line.startsWith(states.get(1).name() + " (" + states.get(1).code() + ") " + FIRST));
        assertThat(lines).as("the vote of " + states.get(2).name())
                .anyMatch(line -> line.startsWith(states.get(2).name() + " (" + states.get(2).code() + ") "
                        + words.get(0)));
        assertThat(lines).as("the vote of " + states.get(3).name())
                .anyMatch(line -> line.startsWith(states.get(3).name() + " (" + states.get(3).code() + ") " + SECOND));
        assertThat(text).contains((String) decisionEntry().get("hash"));
    }

    @ParameterizedTest
    @CsvSource({"en", "fr", "es"})
    void thePrintablePageIsInTheReadersLanguageWithoutRawKeys(String lang) throws Exception {
        MockHttpServletResponse response = get("observer", "/api/consultations/" + cid + "/record?lang=" + lang,
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/html");
        String page = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("lang=\"" + lang + "\"").contains(WORDS.get(lang).get(2))
                .contains(WORDS.get(lang).get(1)).doesNotContain("??").contains((String) decisionEntry().get("hash"))
                .contains(ABSTENTION_EXPLAINED, VOTE_EXPLAINED);
    }

    @Test
    void theRecordIsRefusedWithWrongPhaseBeforeTheDecisionAndNothingChanges() throws Exception {
        String voting = newConsultationId("record-voting");
        feed(voting, SECRETARIAT, new ConsultationCreated(voting, "Not yet", "Which?", null, 1, null, null),
                new ProposalSubmitted(voting, "only", "Only", "Only one.", Proposer.ADMINISTRATION));
        feed(voting, CHAIR, new VotingOpened(voting, 4, 3), new VotingClosed(voting, 0, 0, 3, false));
        long events = eventCount();

        for (String accept : List.of("application/json", "application/pdf", "text/html")) {
            assertProblem(get("chair", "/api/consultations/" + voting + "/record", accept), 409, "WRONG_PHASE");
        }
        assertProblem(get("chair", "/api/consultations/" + voting + "/record/signature", "application/json"), 409,
                "WRONG_PHASE");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void anUnknownConsultationHasNoRecord() throws Exception {
        assertProblem(get("observer", "/api/consultations/no-such-one/record", "application/pdf"), 404, "NOT_FOUND");
    }

    @Test
    void anUnknownFormatOrAnUnservableAcceptIsRefused() throws Exception {
        assertProblem(get("observer", "/api/consultations/" + cid + "/record?format=xml", "application/json"), 400,
                "VALIDATION_FAILED");
        assertProblem(get("observer", "/api/consultations/" + cid + "/record", "image/png"), 406, "NOT_ACCEPTABLE");
    }

    @Test
    void theRecordIsForSignedInReadersOnly() throws Exception {
        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders
                .get("/api/consultations/" + cid + "/record")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(401);
    }

    @ParameterizedTest
    @CsvSource({"en, Official record", "fr, Procès-verbal officiel", "es, Acta oficial"})
    void aDecidedConsultationsPageLinksToItsRecordInTheReadersLanguage(String lang, String link) throws Exception {
        String token = tokens.issue(new IdmUser("observer", null, Role.OBSERVER, null), Duration.ofMinutes(5));
        String page = mvc.perform(MockMvcRequestBuilders.get("/consultations/" + cid + "?lang=" + lang)
                        .cookie(new Cookie(AccessTokens.SESSION_COOKIE, token)).accept("text/html"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(page).contains(">" + link + "</a>")
                .contains("/api/consultations/" + cid + "/record?format=html&amp;lang=" + lang)
                .contains("/api/consultations/" + cid + "/record?format=pdf&amp;lang=" + lang);
    }

    // ---- helpers ----

    private MockHttpServletResponse get(String user, String path, String accept) throws Exception {
        return mvc.perform(basic(user, MockMvcRequestBuilders.get(path).header(HttpHeaders.ACCEPT, accept)))
                .andReturn().getResponse();
    }

    private static MockHttpServletRequestBuilder basic(String user, MockHttpServletRequestBuilder request) {
        return request.with(SecurityMockMvcRequestPostProcessors.httpBasic(user, "demo"));
    }

    private static void assertProblem(MockHttpServletResponse response, int status, String code) throws Exception {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.getContentAsByteArray()).path("code").asString()).isEqualTo(code);
    }

    private Map<String, Object> decisionEntry() {
        return db.sql("select event_position, hash from audit_entry where consultation_id = ? and event_type = ?")
                .params(cid, "DecisionRecorded").query().singleRow();
    }

    private long eventCount() {
        return db.sql("select count(*) from domain_event_entry").query(Long.class).single();
    }

    private static Map<String, Integer> votesOf(JsonNode results) {
        Map<String, Integer> votes = new java.util.HashMap<>();
        results.forEach(result -> votes.put(result.path("proposalId").asString(), result.path("votes").asInt()));
        return votes;
    }

    /** The canonical form written independently: properties sorted by name at every depth, no whitespace. */
    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            names.sort(String::compareTo);
            List<String> members = new ArrayList<>();
            for (String name : names) {
                members.add(JSON.writeValueAsString(name) + ":" + canonical(node.get(name)));
            }
            return "{" + String.join(",", members) + "}";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (Iterator<JsonNode> it = node.iterator(); it.hasNext(); ) {
                items.add(canonical(it.next()));
            }
            return "[" + String.join(",", items) + "]";
        }
        return JSON.writeValueAsString(node);
    }

    private static boolean verifies(JsonNode signature, byte[] content) throws Exception {
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(signature.path("publicKey").asString())));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(content);
        return verifier.verify(Base64.getDecoder().decode(signature.path("signature").asString()));
    }
}
