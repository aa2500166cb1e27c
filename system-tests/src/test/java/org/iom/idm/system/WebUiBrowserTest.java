package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real browser, as its users work: a delegate proposes and comments, two delegates vote while the
 * chair watches the chart move without a reload, the chair closes the vote and records the decision, and the
 * secretariat finds all of it in the audit table. Each step leaves a screenshot under target/screenshots.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {

    private final String cid = "ui-" + UUID.randomUUID().toString().substring(0, 8);
    private final String proposalTitle = "Labour mobility and skills " + cid;
    private final String commentText = "The Philippines supports this theme: skills partnerships matter.";

    private Browser chair;
    private Browser others;
    private String proposalId;

    @BeforeAll
    void openBrowsers(SystemUnderTest system) {
        chair = new Browser(system.api().queryService(), "en");
        others = new Browser(system.api().queryService(), "en");
    }

    @AfterAll
    void closeBrowsers() {
        if (chair != null) {
            chair.close();
        }
        if (others != null) {
            others.close();
        }
    }

    @Test
    @Order(1)
    void theSecretariatCreatesAConsultation() {
        others.signIn("secretariat").open("/consultations")
                .click("#create summary")
                .type("c-title", "Workshop topics, browser run " + cid)
                .type("c-question", "Which topics should the workshops take up?")
                .type("c-id", cid)
                .type("c-quorum", "2")
                .submitAndAwaitNewPage("#create-consultation");

        assertThat(others.path()).isEqualTo("/consultations/" + cid);
        assertThat(others.text("#phase")).isEqualTo("Open");
        others.signOut();
    }

    @Test
    @Order(2)
    void aDelegateSubmitsAProposalAndComments() {
        others.signIn("delegate-phl").open("/consultations/" + cid)
                .type("p-title", proposalTitle)
                .type("p-summary", "Skills partnerships between countries of origin and destination.")
                .submitAndAwaitNewPage("#submit-proposal");
        assertThat(others.path()).startsWith("/consultations/" + cid + "/proposals/");
        proposalId = others.path().substring(others.path().lastIndexOf('/') + 1);
        assertThat(others.text("h1")).isEqualTo(proposalTitle);
        assertThat(others.text(".facts")).contains("Philippines (PHL)");

        others.type("comment-text", commentText).submitAndAwaitNewPage("#add-comment");

        assertThat(others.text(".thread .comment .text")).isEqualTo(commentText);
        assertThat(others.text(".thread .comment .meta")).contains("Delegate of Philippines");
        others.screenshot("delegate-proposal-and-comment");
    }

    @Test
    @Order(3)
    void aRefusalIsShownAsAReadableMessageNextToTheFieldThatCausedIt() {
        others.open("/consultations/" + cid)
                .type("p-title", proposalTitle.toUpperCase())
                .type("p-summary", "The same title in capitals.")
                .click("#submit-proposal button[type=submit]");

        WebElement titleError = others.waitFor(d -> {
            WebElement slot = d.findElement(org.openqa.selenium.By.id("p-title-error"));
            return slot.getText().isBlank() ? null : slot;
        });
        assertThat(titleError.getText()).isEqualTo("Another proposal in this consultation already has this title.");
        assertThat(others.find("#p-title").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(others.text("main")).doesNotContain("{").doesNotContain("DUPLICATE_TITLE");
        others.screenshot("delegate-refusal");
        others.signOut();
    }

    @Test
    @Order(4)
    void theChairOpensVoting(SystemUnderTest system) {
        assertThat(system.api().post("secretariat", "/api/consultations/" + cid + "/proposals",
                Map.of("title", "Return and reintegration " + cid, "summary", "Sustainable return.")).status())
                .isEqualTo(201);
        chair.signIn("chair").open("/consultations/" + cid);
        chair.waitFor(d -> chair.all("#proposals tbody tr").size() == 2);

        chair.submitConfirmAndAwaitNewPage("#open-voting");

        assertThat(chair.text("#phase")).isEqualTo("Voting");
    }

    @Test
    @Order(5)
    void theChairsChartFollowsTheBallotsWithoutAReload() {
        chair.open("/consultations/" + cid + "/tally");
        assertThat(chair.text("#tally-cast")).isEqualTo("0");
        chair.script("window.notReloaded = true;");

        vote("delegate-phl");
        chair.waitFor(d -> "1".equals(chair.text("#tally-cast")) ? true : null);
        vote("delegate-mex");
        chair.waitFor(d -> "2".equals(chair.text("#tally-cast")) ? true : null);

        assertThat(chair.script("return window.notReloaded === true;")).isEqualTo(true);
        assertThat(chair.text("#chart li[data-proposal='" + proposalId + "'] .bar-votes")).isEqualTo("2");
        assertThat(chair.text("#tally-leading")).isEqualTo(proposalTitle);
        String width = (String) chair.script("return document.querySelector(\"#chart li[data-proposal='"
                + proposalId + "'] .bar-fill\").style.width;");
        assertThat(width).isEqualTo("100%");
        chair.waitFor(d -> chair.all("#ballots tbody tr").size() == 2 ? true : null);
        assertThat(chair.text("#ballots")).contains("Philippines").contains("Mexico");
        chair.screenshot("chair-live-tally");
    }

    @Test
    @Order(6)
    void theChairClosesVotingAndRecordsTheDecisionWithARationaleOnlyWhenRequired() {
        chair.submitConfirmAndAwaitNewPage("#close-voting");
        assertThat(chair.text("#tally-phase")).isEqualTo("Closed");

        List<WebElement> choices = chair.all("#record-decision [name=selected]");
        WebElement leading = chair.find("#select-" + proposalId);
        WebElement other = choices.stream().filter(c -> !c.equals(leading)).findFirst().orElseThrow();
        assertThat(chair.text("#tally-quorum-met")).isEqualTo("quorum reached");
        other.click();
        assertThat(chair.find("#rationale-field").isDisplayed()).as("a rationale for the trailing proposal").isTrue();
        other.click();
        leading.click();
        assertThat(chair.find("#rationale-field").isDisplayed()).as("no rationale for the leading one").isFalse();
        chair.screenshot("chair-decision-form");

        chair.submitConfirmAndAwaitNewPage("#record-decision");

        assertThat(chair.path()).isEqualTo("/consultations/" + cid);
        assertThat(chair.text("#phase")).isEqualTo("Decided");
        assertThat(chair.text(".decision")).contains(proposalTitle).contains("The Chair");
        chair.screenshot("chair-decision-recorded");
    }

    @Test
    @Order(7)
    void theSecretariatFindsEveryOneOfThoseActionsInTheAuditTable() {
        others.signIn("secretariat").open("/audit?consultationId=" + cid);

        List<String> rows = others.all("#audit tbody tr").stream()
                .map(row -> row.getAttribute("data-type") + " by " + row.getAttribute("data-actor")).toList();
        assertThat(rows).contains(
                "ConsultationCreated by secretariat",
                "ProposalSubmitted by delegate-phl",
                "CommentAdded by delegate-phl",
                "VotingOpened by chair",
                "BallotCast by delegate-phl",
                "BallotCast by delegate-mex",
                "VotingClosed by chair",
                "DecisionRecorded by chair");
        others.click("#verify-trail");
        others.waitFor(d -> others.text("#verify-result").isBlank() ? null : true);
        assertThat(others.find("#verify-result").getAttribute("class")).isEqualTo("verified");
        others.screenshot("secretariat-audit");
        String export = others.find("#audit-export").getAttribute("href");
        assertThat(export).contains("/api/audit/export?format=csv").contains("consultationId=" + cid);
        Object csv = others.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.text().then(t => done(r.status + ' ' + r.headers.get('Content-Type')"
                + " + ' ' + t.split('DecisionRecorded').length)));", export);
        assertThat(String.valueOf(csv)).as("the export, fetched as the browser would").startsWith("200 text/csv")
                .endsWith(" 2");
        others.signOut();
    }

    @Test
    @Order(8)
    void anAddressThatLeadsNowhereOrIsNotForTheRoleIsAReadablePageNotJson() {
        others.signIn("observer").open("/consultations/no-such-consultation");
        assertThat(others.text("h1")).isEqualTo("This page does not exist.");
        others.open("/no/such/page");
        assertThat(others.text("h1")).isEqualTo("This page does not exist.");
        others.open("/audit");
        assertThat(others.text("h1")).isEqualTo("Your role may not do this.");
        assertThat(others.text("body")).doesNotContain("\"code\"").doesNotContain("Exception");
        others.signOut();
    }

    @Test
    @Order(9)
    void theSecretariatHidesACommentWithAReasonAndSuspendsAndReinstatesVotingRights() {
        others.signIn("secretariat").open("/consultations/" + cid + "/proposals/" + proposalId);
        String comment = others.find(".comment").getAttribute("data-comment");
        others.click("#comment-" + comment + " .comment-action summary");
        others.type("hide-" + comment, "Off topic for this consultation.");
        others.submitConfirmAndAwaitNewPage("#comment-" + comment + " form");

        assertThat(others.text("#comment-" + comment + " .meta")).contains("Hidden by the secretariat");
        assertThat(others.text("#comment-" + comment)).contains(commentText).contains("Off topic for this consultation.");
        others.signOut().signIn("observer").open("/consultations/" + cid + "/proposals/" + proposalId);
        assertThat(others.text("#comment-" + comment)).doesNotContain(commentText)
                .contains("This comment was hidden by the secretariat.");
        others.signOut().signIn("secretariat");

        others.open("/member-states").type("suspend-ISL", "Arrears of contributions.");
        others.submitConfirmAndAwaitNewPage("tr[data-state='ISL'] form");
        assertThat(others.text("tr[data-state='ISL']")).contains("Suspended");
        others.submitConfirmAndAwaitNewPage("tr[data-state='ISL'] form");
        assertThat(others.text("tr[data-state='ISL']")).contains("Active");
        others.signOut();
    }

    private void vote(String delegate) {
        others.signIn(delegate).open("/consultations/" + cid);
        others.click("#choice-" + proposalId);
        others.submitAndAwaitNewPage("#cast-ballot");
        assertThat(others.text("#my-ballot")).contains(proposalTitle);
        others.signOut();
    }
}
