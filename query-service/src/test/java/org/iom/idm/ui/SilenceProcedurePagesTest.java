package org.iom.idm.ui;

import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.SilenceBroken;
import org.iom.idm.consultation.Procedure;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.HtmlUtils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §8 rule 8 on the consultation page: the draft in circulation (its text, the proposals it selects, its
 * deadline in Geneva time with a countdown) and each break of silence with its state and reason, earlier drafts
 * below; the chair's circulate form, a delegate's break-silence form and the fallback vote's form, each only to whom
 * the rules allow in the phase (comments and cancellation still open while a draft circulates), and the new phases
 * named in English, French and Spanish.
 */
class SilenceProcedurePagesTest extends WebUiPageTestSupport {

    /** 10:00 in Geneva on a summer day: 08:00 UTC. */
    private static final Instant LATER = Instant.parse("2099-07-01T08:00:00Z");
    private static final Instant EARLIER = Instant.parse("2020-01-15T08:00:00Z");
    private static final String DRAFT = "The Conference takes up South-South migration as the theme of the IDM.";
    private static final String REASON = "The draft leaves out remittances, which matter most to our state.";

    /** Demo member states (their delegates are demo users) that no other test of this service registers. */
    private static final String BREAKING = "BTN";
    private static final String SILENT = "BOL";
    private static final String SUSPENDED = "BDI";
    private static boolean registered;

    /**
     * The member states of this test, registered once with voting rights, so that the pages show their names, and
     * their delegates accredited.
     */
    @BeforeEach
    void registerMemberStates() {
        if (!registered) {
            feedMemberState(BREAKING, new MemberStateRegistered(BREAKING, "Bhutan"));
            feedMemberState(SILENT, new MemberStateRegistered(SILENT, "Bolivia"));
            feedMemberState(SUSPENDED, new MemberStateRegistered(SUSPENDED, "Burundi"));
            accreditDelegates(BREAKING, SILENT, SUSPENDED);
            registered = true;
        }
    }

    @Test
    void beforeAnyDraftOnlyTheChairIsOfferedTheCirculateFormAndNoVoteIsOpenedUnderASilenceProcedure() throws Exception {
        String cid = silenceProcedure("silence-open", Procedure.RECORDED_VOTE);

        String chair = html("chair", Role.CHAIR, null, cid);
        assertThat(chair).contains("id=\"circulate-draft\"", "Circulate a draft decision",
                        "name=\"selected\" data-type=\"list\" value=\"p1\"", "type=\"radio\"",
                        "id=\"circulate-deadline\" name=\"deadline\" type=\"datetime-local\" step=\"1\"",
                        "data-zone=\"Europe/Zurich\"",
                        "Deadline (Geneva time)", "Silence procedure", "Recorded vote")
                .doesNotContain("id=\"open-voting\"", "id=\"circulation\"");
        for (String[] other : new String[][]{{"observer", "OBSERVER", null}, {"secretariat", "SECRETARIAT", null},
                {"delegate-btn", "DELEGATE", BREAKING}}) {
            assertThat(html(other[0], Role.valueOf(other[1]), other[2], cid)).as(other[0])
                    .doesNotContain("id=\"circulate-draft\"", "id=\"break-silence\"", "id=\"open-voting\"");
        }
        String recordedVote = newConsultationId("recorded-vote");
        feed(recordedVote, SECRETARIAT, created(recordedVote), proposal(recordedVote, "p1", "Diasporas"));
        assertThat(html("chair", Role.CHAIR, null, recordedVote)).contains("id=\"open-voting\"")
                .doesNotContain("id=\"circulate-draft\"");
    }

    @Test
    void theDraftInCirculationIsShownWithItsProposalsDeadlineInGenevaTimeAndCountdownAndADelegateMayBreakSilence()
            throws Exception {
        String cid = silenceProcedure("silence-circulated", null);
        feed(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), DRAFT, LATER));

        String observer = html("observer", Role.OBSERVER, null, cid);
        assertThat(observer).contains("id=\"circulation\"", "Draft decision 1", DRAFT,
                "href=\"/consultations/" + cid + "/proposals/p1\">South-South Migration</a>",
                "2099-07-01 10:00 (Geneva time)", "data-instant=\"2099-07-01T08:00:00Z\"",
                "class=\"countdown\" role=\"timer\" data-until=\"2099-07-01T08:00:00Z\"",
                "No member state has broken silence on this draft.",
                "Unless a member state with voting rights breaks silence before the deadline, this draft becomes the decision.",
                "Draft in circulation")
                .doesNotContain("id=\"break-silence\"", "id=\"circulate-draft\"", "id=\"earlier-drafts\"");
        assertThat(html("delegate-btn", Role.DELEGATE, BREAKING, cid)).contains("id=\"break-silence\"",
                "Break silence on behalf of Bhutan", "data-api=\"/api/consultations/" + cid + "/break-silence\"",
                "<label for=\"break-reason\">Reason</label>");
        assertThat(html("chair", Role.CHAIR, null, cid))
                .doesNotContain("id=\"circulate-draft\"", "id=\"open-voting\"", "id=\"break-silence\"");
        assertThat(html("secretariat", Role.SECRETARIAT, null, cid)).as("cancellable while a draft circulates")
                .contains("id=\"cancel-consultation\"");
        assertThat(html("delegate-bol", Role.DELEGATE, SILENT, cid + "/proposals/p1")).as("states keep discussing")
                .contains("id=\"add-comment\"");
    }

    @Test
    void afterABreakTheBreakShowsItsStateAndReasonTheStateMayNotBreakAgainAndTheChairMayRecirculateOrOpenTheFallbackVote()
            throws Exception {
        String cid = silenceProcedure("silence-broken", Procedure.RECORDED_VOTE);
        appendToConsultation(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), DRAFT, LATER));
        feed(cid, delegate(BREAKING), new SilenceBroken(cid, 1, BREAKING, REASON));

        String observer = html("observer", Role.OBSERVER, null, cid);
        assertThat(observer).contains("data-state=\"" + BREAKING + "\"", "Bhutan (" + BREAKING + ") broke silence",
                REASON, "Silence broken", "open the recorded vote this consultation declared as its fallback");
        String breaker = html("delegate-btn", Role.DELEGATE, BREAKING, cid);
        assertThat(breaker).contains("Your state broke silence on this draft.").doesNotContain("id=\"break-silence\"");
        assertThat(html("delegate-bol", Role.DELEGATE, SILENT, cid)).contains("id=\"break-silence\"");
        String chair = html("chair", Role.CHAIR, null, cid);
        assertThat(chair).contains("id=\"circulate-draft\"", "Circulate a revised draft", "id=\"open-voting\"",
                "this consultation declared a recorded vote as its fallback");
        assertThat(chair.substring(chair.indexOf("id=\"circulate-text\""))).as("the text to revise")
                .startsWith("id=\"circulate-text\"").contains(">" + DRAFT + "</textarea>");
        assertThat(chair).containsPattern("value=\"p1\"\\s+id=\"circulate-p1\" checked");

        String noFallback = silenceProcedure("silence-no-fallback", null);
        appendToConsultation(noFallback, CHAIR, new DraftCirculated(noFallback, 1, List.of("p1"), DRAFT, LATER));
        feed(noFallback, delegate(BREAKING), new SilenceBroken(noFallback, 1, BREAKING, REASON));
        assertThat(html("chair", Role.CHAIR, null, noFallback)).contains("id=\"circulate-draft\"",
                "The chair may circulate a revised draft.").doesNotContain("id=\"open-voting\"");
    }

    @Test
    void noStateMayBreakSilenceOnceTheDeadlineHasPassedNorAStateWhoseVotingRightsAreSuspended() throws Exception {
        String passed = silenceProcedure("silence-passed", null);
        feed(passed, CHAIR, new DraftCirculated(passed, 1, List.of("p1"), DRAFT, EARLIER));
        assertThat(html("delegate-bol", Role.DELEGATE, SILENT, passed)).contains("id=\"circulation\"")
                .doesNotContain("id=\"break-silence\"");

        String cid = silenceProcedure("silence-suspended", null);
        feed(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), DRAFT, LATER));
        feedMemberState(SUSPENDED, new VotingRightsSuspended(SUSPENDED, "Arrears of contributions."));
        try {
            assertThat(html("delegate-bdi", Role.DELEGATE, SUSPENDED, cid)).contains("id=\"suspended\"",
                    "Arrears of contributions.").doesNotContain("id=\"break-silence\"");
        } finally {
            feedMemberState(SUSPENDED, new VotingRightsReinstated(SUSPENDED));
        }
        assertThat(html("delegate-bdi", Role.DELEGATE, SUSPENDED, cid)).contains("id=\"break-silence\"");
    }

    @Test
    void aRecirculatedDraftIsShownWithTheEarlierDraftsAndTheirBreaksBelowIt() throws Exception {
        String cid = silenceProcedure("silence-recirculated", null);
        appendToConsultation(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), DRAFT, LATER));
        appendToConsultation(cid, delegate(BREAKING), new SilenceBroken(cid, 1, BREAKING, REASON));
        feed(cid, CHAIR, new DraftCirculated(cid, 2, List.of("p2"), "Revised: diasporas and remittances.", LATER));

        String html = html("observer", Role.OBSERVER, null, cid);
        int earlier = html.indexOf("id=\"earlier-drafts\"");
        assertThat(earlier).isPositive();
        assertThat(html.substring(0, earlier)).contains("Draft decision 2", "Revised: diasporas and remittances.",
                "/proposals/p2\">Diasporas</a>", "No member state has broken silence on this draft.", "Draft in circulation")
                .doesNotContain(REASON);
        assertThat(html.substring(earlier)).contains("Earlier drafts (1)", "Draft decision 1", DRAFT,
                "Bhutan (" + BREAKING + ") broke silence", REASON);
        assertThat(html.substring(earlier, html.indexOf("</details>", earlier))).as("no countdown for a past draft")
                .doesNotContain("class=\"countdown\"");
    }

    @Test
    void aDraftUnbrokenAtItsDeadlineIsShownAsTheDecisionTheSystemRecordedWithNoTallyToFollow() throws Exception {
        String cid = silenceProcedure("silence-decided", null);
        appendToConsultation(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), DRAFT, LATER));
        feed(cid, Actor.SYSTEM, new DecisionRecorded(cid, List.of("p1"), null));

        String html = html("observer", Role.OBSERVER, null, cid);
        assertThat(html).contains("id=\"decision-by-silence\"",
                        "No member state broke silence on draft 1 before its deadline: the system recorded it as the decision.",
                        "The system (on schedule)", "Silence was kept until the deadline: the draft became the decision.")
                .doesNotContain("class=\"countdown\"", "/tally\"");
        assertThat(html("secretariat", Role.SECRETARIAT, null, cid)).doesNotContain("/tally\"");
    }

    @Test
    void theNewPhasesAndTheDraftAreNamedInFrenchAndSpanish() throws Exception {
        String circulated = silenceProcedure("silence-fr", null);
        appendToConsultation(circulated, CHAIR, new DraftCirculated(circulated, 1, List.of("p1"), DRAFT, LATER));
        String broken = silenceProcedure("silence-es", Procedure.RECORDED_VOTE);
        appendToConsultation(broken, CHAIR, new DraftCirculated(broken, 1, List.of("p1"), DRAFT, LATER));
        feed(broken, delegate(BREAKING), new SilenceBroken(broken, 1, BREAKING, REASON));

        assertThat(html("observer", Role.OBSERVER, null, circulated + "?lang=fr")).contains(
                "Projet en circulation", "Procédure d'approbation tacite", "Projet de décision nº 1",
                "2099-07-01 10:00 (heure de Genève)", "Temps restant\u00a0: {0}", "Le délai est écoulé");
        assertThat(html("delegate-bol", Role.DELEGATE, SILENT, broken + "?lang=fr")).contains("Silence rompu",
                "Bhutan (" + BREAKING + ") a rompu le silence", "Bolivia : rompre le silence", "Motif");
        assertThat(html("chair", Role.CHAIR, null, broken + "?lang=es")).contains("Silencio roto",
                "Bhutan (" + BREAKING + ") rompió el silencio", "Difundir un proyecto revisado",
                "Plazo (hora de Ginebra)");
        String list = HtmlUtils.htmlUnescape(page("observer", Role.OBSERVER, null, "/consultations?lang=es")
                .getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(list).contains("phase-circulated\">Proyecto en circulación", "phase-silence_broken\">Silencio roto");
    }

    /** A silence procedure with two proposals, one to select, and the fallback given (or none). */
    private String silenceProcedure(String name, Procedure fallback) {
        String cid = newConsultationId(name);
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme for " + cid, "Which theme?", null, 1, null, null,
                        Procedure.SILENCE, null, null, fallback),
                proposal(cid, "p1", "South-South Migration"), proposal(cid, "p2", "Diasporas"));
        return cid;
    }

    private static ProposalSubmitted proposal(String cid, String pid, String title) {
        return new ProposalSubmitted(cid, pid, title, "Summary of " + title, Proposer.ADMINISTRATION);
    }

    /** The consultation page as the user sees it, its character references read back to the characters. */
    private String html(String user, Role role, String memberState, String consultation) throws Exception {
        MvcResult page = page(user, role, memberState, "/consultations/" + consultation);
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        return HtmlUtils.htmlUnescape(page.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }
}
