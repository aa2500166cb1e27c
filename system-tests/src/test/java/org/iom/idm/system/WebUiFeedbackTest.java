package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After every action the page says what happened and shows the changed thing; an irreversible action asks first, in
 * an accessible dialog, and going back changes nothing; destructive buttons look destructive; long forms open on
 * demand.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiFeedbackTest {

    /** The danger colour of app.css (--danger: #8a1010). */
    private static final String DANGER = "rgba(138, 16, 16, 1)";

    private final String cid = "feedback-" + UUID.randomUUID().toString().substring(0, 8);
    private Api api;
    private Browser browser;
    private String proposalId;

    @BeforeAll
    void prepare(SystemUnderTest system) {
        api = system.api();
        RichScenario.consultation(api, cid, "Feedback " + cid, null);
        proposalId = RichScenario.propose(api, "delegate-phl", cid, "Diasporas " + cid, "Engaging diasporas.");
        RichScenario.propose(api, "secretariat", cid, "Return " + cid, "Sustainable return.");
        api.awaitRead("observer", "/api/consultations/" + cid, json -> json.path("proposals").size() == 2);
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
    void aPostedCommentIsAnnouncedAtTheTopAndTheNewCommentIsBroughtIntoView() {
        browser.signIn("delegate-mex").open("/consultations/" + cid + "/proposals/" + proposalId)
                .type("comment-text", "Mexico supports engaging diasporas.")
                .submitAndAwaitNewPage("#add-comment");

        assertThat(browser.text("#flash")).isEqualTo("Your comment was posted.");
        assertThat(browser.find("#flash").getAttribute("role")).isEqualTo("status");
        String focused = (String) browser.script("return document.activeElement.id;");
        assertThat(focused).startsWith("comment-");
        assertThat(browser.text("#" + focused + " .text")).isEqualTo("Mexico supports engaging diasporas.");
        assertThat(inView(browser, "#" + focused)).isTrue();
        browser.screenshotsAtBothWidths("feedback-comment-posted");
        browser.signOut();
    }

    @Test
    @Order(2)
    void longFormsOpenOnDemand() {
        browser.signIn("delegate-phl").open("/consultations/" + cid + "/proposals/" + proposalId);

        assertThat(browser.find("#a-title").isDisplayed()).as("the amend form before it is asked for").isFalse();
        assertThat(browser.find("#w-reason").isDisplayed()).isFalse();
        browser.click("#amend summary");
        assertThat(browser.find("#a-title").isDisplayed()).isTrue();
        assertThat(browser.find("#withdraw-proposal button[type=submit]").getCssValue("background-color"))
                .as("withdrawing looks destructive").isEqualTo(DANGER);
        browser.signOut().signIn("secretariat").open("/consultations");
        assertThat(browser.find("#c-title").isDisplayed()).as("the create form before it is asked for").isFalse();
        browser.signOut();
    }

    @Test
    @Order(3)
    void anIrreversibleActionAsksInAnAccessibleDialogAndGoingBackChangesNothing() {
        browser.signIn("chair").open("/consultations/" + cid);
        browser.click("#open-voting button[type=submit]");

        browser.find("dialog[open]");
        assertThat(browser.find("#confirm-dialog").getAttribute("role")).isEqualTo("alertdialog");
        assertThat(browser.text("#confirm-text")).startsWith("Open voting now?");
        assertThat(browser.script("return document.activeElement.id;")).as("focus starts on going back")
                .isEqualTo("confirm-cancel");
        assertThat(browser.script("return document.querySelector('#confirm-dialog').getAttribute('aria-labelledby');"))
                .isEqualTo("confirm-text");
        browser.screenshot("feedback-confirm-desktop");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitFor(d -> browser.all("dialog[open]").isEmpty() ? true : null);
        browser.click("#open-voting button[type=submit]");
        browser.click("#confirm-cancel");

        assertThat(api.awaitRead("chair", "/api/consultations/" + cid, json -> true).path("phase").asText())
                .as("going back twice opened nothing").isEqualTo("OPEN");
        assertThat(browser.script("return document.activeElement.closest('form') && document.activeElement.closest('form').id;"))
                .as("focus returns to the button").isEqualTo("open-voting");

        browser.resize(Browser.PHONE);
        browser.click("#open-voting button[type=submit]");
        browser.find("dialog[open]");
        browser.screenshot("feedback-confirm-phone");
        browser.confirm();
        browser.waitFor(d -> browser.all("#flash").isEmpty() ? null : true);
        browser.resize(Browser.DESKTOP);

        assertThat(browser.text("#flash")).isEqualTo("Voting is open. Member states can now cast their ballots.");
        assertThat(browser.text("#phase")).isEqualTo("Voting");
        browser.signOut();
    }

    @Test
    @Order(4)
    void theCancelButtonLooksDestructiveAndCancellingAsksFirst() {
        browser.signIn("secretariat").open("/consultations/" + cid);

        assertThat(browser.find("#cancel-consultation button[type=submit]").getCssValue("background-color"))
                .isEqualTo(DANGER);
        browser.type("cancel-reason", "Tabled by mistake.").click("#cancel-consultation button[type=submit]");
        assertThat(browser.find("#confirm-ok").getCssValue("background-color")).as("so does its confirmation")
                .isEqualTo(DANGER);
        browser.click("#confirm-cancel");
        assertThat(api.read("observer", "/api/consultations/" + cid).json().path("phase").asText()).isEqualTo("VOTING");
        browser.signOut();
    }

    static boolean inView(Browser browser, String css) {
        return (Boolean) browser.script("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                + "return r.top >= 0 && r.top < window.innerHeight;", css);
    }
}
