package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delegate's vote comes first: while voting runs a banner on every page leads to the ballot, a ballot with no
 * choice is refused at its field before anything is sent, and a recorded ballot shows as a receipt.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiDelegateVoteTest {

    private final String cid = "vote-" + UUID.randomUUID().toString().substring(0, 8);
    private final String title = "Theme vote " + cid;
    private Api api;
    private Browser browser;
    private String proposalId;

    @BeforeAll
    void prepare(SystemUnderTest system) {
        api = system.api();
        RichScenario.consultation(api, cid, title, null);
        proposalId = RichScenario.propose(api, "delegate-phl", cid, "Diasporas " + cid, "Engaging diasporas.");
        RichScenario.ok(api.post("chair", "/api/consultations/" + cid + "/open-voting", null));
        api.awaitRead("observer", "/api/consultations/" + cid, json -> "VOTING".equals(json.path("phase").asText()));
        browser = new Browser(api.queryService(), "en");
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void whileVotingRunsABannerOnEveryPageLeadsTheDelegateToTheBallot() {
        browser.signIn("delegate-ken").open("/consultations");

        String banner = ".voting-now [data-voting='" + cid + "']";
        assertThat(browser.text(banner)).contains("Voting is open: " + title).contains("Cast your state's ballot");
        browser.screenshot("delegate-voting-banner-desktop");
        browser.resize(Browser.PHONE);
        browser.screenshot("delegate-voting-banner-phone");
        assertThat(browser.sidewaysOverflow()).isZero();
        browser.resize(Browser.DESKTOP);
        browser.click(banner + " a");

        assertThat(browser.path()).isEqualTo("/consultations/" + cid);
        assertThat(WebUiFeedbackTest.inView(browser, "#ballot-heading")).isTrue();
        assertThat(browser.text("#ballot-heading")).isEqualTo("Ballot of Kenya");
        assertThat(browser.find("#choice-" + proposalId).getAttribute("type")).as("one proposal to choose")
                .isEqualTo("radio");
    }

    @Test
    @Order(2)
    void aBallotWithNoChoiceIsRefusedAtItsFieldAndNothingIsSent() {
        browser.click("#cast-ballot button[type=submit]");

        browser.waitFor(d -> browser.text("#ballot-error").isBlank() ? null : true);
        assertThat(browser.text("#ballot-error")).isEqualTo("Choose at least one proposal, or abstain.");
        assertThat(api.read("delegate-ken", "/api/consultations/" + cid + "/ballots/mine").status()).isEqualTo(404);
        browser.screenshotsAtBothWidths("delegate-empty-ballot");
    }

    @Test
    @Order(3)
    void aRecordedBallotIsConfirmedAndShownAsAReceiptWithItsTimeAndChoices() {
        browser.click("#choice-" + proposalId).submitAndAwaitNewPage("#cast-ballot");

        assertThat(browser.text("#flash")).isEqualTo("Your ballot was recorded.");
        assertThat(browser.script("return document.activeElement.id;")).isEqualTo("my-ballot");
        assertThat(browser.text("#my-ballot-choices")).isEqualTo("Diasporas " + cid);
        String castAt = api.read("delegate-ken", "/api/consultations/" + cid + "/ballots/mine").json()
                .path("castAt").asText();
        assertThat(browser.text("#my-ballot time")).isEqualTo(castAt.substring(0, 10) + " " + castAt.substring(11, 19) + " UTC");
        assertThat(browser.text(".voting-now [data-voting='" + cid + "']")).contains("Your state has voted");
        browser.screenshot("delegate-receipt-desktop");
        browser.resize(Browser.PHONE);
        browser.screenshot("delegate-receipt-phone");
        browser.resize(Browser.DESKTOP);
    }

    @Test
    @Order(4)
    void anAbstentionReadsAbstentionOnTheReceipt() {
        browser.click("#abstain").submitAndAwaitNewPage("#cast-ballot");

        assertThat(browser.text("#my-ballot-choices")).isEqualTo("Abstention");
        assertThat(browser.text("#my-ballot")).contains("once");
        browser.signOut();
    }

    @Test
    @Order(5)
    void aStateWhoseVotingRightsAreSuspendedSeesWhyAndSinceWhenBeforeTryingToVote() {
        assertThat(api.post("secretariat", "/api/member-states/LUX/suspend-voting-rights",
                Map.of("reason", "Arrears of contributions for 2024 and 2025.")).status()).isBetween(200, 299);
        try {
            api.awaitRead("observer", "/api/member-states", json -> {
                for (var state : json) {
                    if (state.path("code").asText().equals("LUX")) {
                        return state.path("votingRights").asText().equals("SUSPENDED");
                    }
                }
                return false;
            });
            browser.signIn("delegate-lux").open("/consultations");
            assertThat(browser.text(".voting-now [data-voting='" + cid + "']"))
                    .contains("Your state's voting rights are suspended");
            browser.click(".voting-now [data-voting='" + cid + "'] a");

            assertThat(browser.text("#suspended h2")).isEqualTo("Luxembourg cannot vote now");
            assertThat(browser.text("#suspended")).contains("suspended since " + java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                    .contains("Arrears of contributions for 2024 and 2025.");
            assertThat(browser.all("#cast-ballot")).as("no ballot form to try").isEmpty();
            browser.screenshot("delegate-suspended-desktop");
            browser.resize(Browser.PHONE);
            browser.screenshot("delegate-suspended-phone");
            browser.resize(Browser.DESKTOP);
            browser.signOut();
        } finally {
            api.post("secretariat", "/api/member-states/LUX/reinstate-voting-rights", null);
        }
    }
}
