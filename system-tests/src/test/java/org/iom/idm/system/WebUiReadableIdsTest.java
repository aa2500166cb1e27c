package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the web UI, what is created without an id gets one made from its title, and a follow-up whose id is taken
 * (its parent's own, here) is refused next to the id field instead of failing.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiReadableIdsTest {


    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private Browser browser;

    @BeforeAll
    void openBrowser(SystemUnderTest system) {
        browser = new Browser(system.api().queryService(), "en");
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aConsultationAndAProposalCreatedInTheFormsGetIdsMadeFromTheirTitles() {
        browser.signIn("secretariat").open("/consultations")
                .click("#create summary")
                .type("c-title", "Migración laboral " + run)
                .type("c-question", "Which topics should the workshops take up?")
                .submitAndAwaitNewPage("#create-consultation");
        String cid = "migracion-laboral-" + run;
        assertThat(browser.path()).isEqualTo("/consultations/" + cid);

        browser.type("p-title", "Skills & Mobility Partnerships")
                .type("p-summary", "Partnerships between countries of origin and destination.")
                .submitAndAwaitNewPage("#submit-proposal");

        assertThat(browser.path()).isEqualTo("/consultations/" + cid + "/proposals/skills-mobility-partnerships");
        assertThat(browser.text("h1")).isEqualTo("Skills & Mobility Partnerships");
        browser.screenshot("ids-readable-desktop");
        browser.resize(Browser.PHONE);
        try {
            assertThat(browser.sidewaysOverflow()).isZero();
            browser.screenshot("ids-readable-phone");
        } finally {
            browser.resize(Browser.DESKTOP);
            browser.signOut();
        }
    }

    @Test
    void aFollowUpWhoseIdIsTakenIsRefusedNextToTheIdField(SystemUnderTest system) {
        String parent = decidedConsultation(system.api());
        browser.signIn("secretariat").open("/consultations?parent=" + parent)
                .type("c-title", "Workshop topics " + run)
                .type("c-question", "Which two topics?")
                .type("c-id", parent);
        browser.find("#c-parent option[value='" + parent + "']").click();

        browser.click("#create-consultation button[type=submit]");

        WebElement idError = browser.waitFor(d -> {
            WebElement slot = d.findElement(By.id("c-id-error"));
            return slot.getText().isBlank() ? null : slot;
        });
        assertThat(idError.getText()).isEqualTo(WebUiPages.messages("").getProperty("error.ALREADY_EXISTS"));
        assertThat(browser.find("#c-id").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.path()).isEqualTo("/consultations");
        browser.screenshotsAtBothWidths("ids-follow-up-refused");
        browser.signOut();
    }

    private String decidedConsultation(Api api) {
        String cid = "ids-parent-" + run;
        api.post("secretariat", "/api/consultations", Map.of("id", cid, "title", "Theme " + cid,
                "question", "Which theme?", "quorum", 1)).expect(201);
        String pid = api.post("secretariat", "/api/consultations/" + cid + "/proposals",
                Map.of("title", "Labour mobility", "summary", "Why it matters.")).expect(201).path("id").asText();
        api.post("chair", "/api/consultations/" + cid + "/open-voting", null).expect2xx();
        api.post("chair", "/api/consultations/" + cid + "/close-voting", null).expect2xx();
        api.post("chair", "/api/consultations/" + cid + "/decision", Map.of("selected", List.of(pid),
                "rationale", "No ballots were cast.")).expect2xx();
        api.awaitRead("secretariat", "/api/consultations/" + cid, json -> "DECIDED".equals(json.path("phase").asText()));
        return cid;
    }
}
