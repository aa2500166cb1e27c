package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a reader sees of the record: people by their state's name or their role, a follow-up and its parent leading
 * to each other, what changed between two versions, counts in words, and a printout without navigation or buttons.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiReadingTest {

    private RichScenario scenario;
    private Api api;
    private Browser browser;

    @BeforeAll
    void prepare(SystemUnderTest system) {
        api = system.api();
        scenario = RichScenario.create(api);
        browser = new Browser(api.queryService(), "en");
        browser.signIn("observer");
    }

    @AfterAll
    void close() {
        if (scenario != null) {
            scenario.reinstate(api);
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void peopleAreShownByTheirStatesNameOrTheirRoleNotByUserNames() {
        browser.open("/consultations/" + scenario.decided() + "/proposals/" + proposal("South-South Migration"));

        List<String> authors = browser.all(".comment .meta .person").stream().map(e -> e.getText()).toList();
        assertThat(authors).contains("Delegate of Kenya", "Delegate of Philippines", "The Secretariat")
                .noneMatch(name -> name.startsWith("delegate-") || name.equals("secretariat"));
        browser.open("/consultations/" + scenario.decided());
        assertThat(browser.text(".decision")).contains("The Chair").doesNotContain("chair ");
        browser.screenshotsAtBothWidths("reading-people");
    }

    @Test
    void aFollowUpShowsItsParentsTitleAndTheParentListsItsFollowUps() {
        browser.open("/consultations/" + scenario.followUp());
        String parentTitle = api.read("observer", "/api/consultations/" + scenario.decided()).json().path("title").asText();
        assertThat(browser.text("#parent")).isEqualTo(parentTitle);

        browser.click("#parent a");
        assertThat(browser.path()).isEqualTo("/consultations/" + scenario.decided());
        assertThat(browser.text("#follow-ups")).contains(
                api.read("observer", "/api/consultations/" + scenario.followUp()).json().path("title").asText());
        browser.open("/consultations");
        assertThat(browser.text("tr[data-consultation='" + scenario.followUp() + "']")).contains(parentTitle);
        browser.open("/consultations/" + scenario.decided());
        browser.screenshotsAtBothWidths("reading-follow-ups");
    }

    @Test
    void whatChangedBetweenTwoVersionsOfAProposalIsShownWordByWord() {
        String pid = proposal("Diasporas as partners");
        browser.open("/consultations/" + scenario.decided() + "/proposals/" + pid);

        assertThat(browser.text("#difference h3")).isEqualTo("What changed from version 2 to version 3");
        assertThat(browser.all("#difference-summary ins").stream().map(e -> e.getText()).toList())
                .containsExactly("as partners");
        assertThat(browser.all("#difference-summary del").stream().map(e -> e.getText())).isEmpty();
        browser.screenshot("reading-versions-desktop");

        browser.open("/consultations/" + scenario.decided() + "/proposals/" + pid + "?from=1&to=3");
        assertThat(browser.all("#difference-summary del").stream().map(e -> e.getText()).toList()).containsExactly("in");
        assertThat(browser.text("#difference-summary")).contains("as partners for development and trade");
        browser.resize(Browser.PHONE);
        browser.screenshot("reading-versions-phone");
        browser.resize(Browser.DESKTOP);
    }

    @Test
    void aCountOfOneReadsInTheSingularInEveryLanguage() {
        Map<String, String> oneProposal = Map.of("en", "1 proposal", "fr", "1 proposition", "es", "1 propuesta");
        for (Map.Entry<String, String> language : oneProposal.entrySet()) {
            browser.open("/consultations?lang=" + language.getKey());
            assertThat(browser.text("tr[data-consultation='" + scenario.followUp() + "']"))
                    .contains(language.getValue()).doesNotContain("(s)");
        }
        browser.open("/consultations?lang=en");
    }

    @Test
    void aPrintedConsultationTallyOrAuditHasNoNavigationFormsOrButtons() {
        browser.signOut().signIn("secretariat");
        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            for (String page : List.of("/consultations/" + scenario.decided(),
                    "/consultations/" + scenario.decided() + "/tally", "/audit?consultationId=" + scenario.decided())) {
                browser.open(page);
                assertThat(browser.script("return [...document.querySelectorAll('header, nav, form, button, .actions')]"
                        + ".filter(e => e.getClientRects().length > 0).map(e => e.tagName);"))
                        .as("visible on the printed %s", page).asList().isEmpty();
                assertThat(browser.text("main h1")).isNotBlank();
            }
            browser.screenshot("reading-print-desktop");
        } finally {
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
            browser.signOut().signIn("observer");
        }
    }

    private String proposal(String titleStart) {
        for (var p : api.read("observer", "/api/consultations/" + scenario.decided()).json().path("proposals")) {
            if (p.path("title").asText().startsWith(titleStart)) {
                return p.path("id").asText();
            }
        }
        throw new AssertionError("no proposal titled " + titleStart);
    }
}
