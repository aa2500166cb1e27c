package org.iom.idm.system;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UI in French and in Spanish: switched with the language links on the page (and remembered), or taken from
 * the browser's language; no label of the main pages is left in English or shows a missing text.
 */
class WebUiLanguagesTest extends WebUiPagesTest {

    /** What a page labels: headings, form labels, buttons, table heads, terms, navigation and hints. */
    private static final String LABELS = "h1, h2, h3, label, button, th, dt, legend, summary, caption, nav a, "
            + "a.button, .hint, .phase, option, #signed-in-as, .notice";

    @Test
    void theSwitchTurnsEveryMainPageIntoFrenchAndIntoSpanishWithNoLabelLeftInEnglish() {
        browser.signIn("secretariat");
        List<String> englishTexts = labelsOf(voting.mainPages());
        assertThat(englishTexts).as("the English pages, to compare with").contains("Consultations", "Ballots cast",
                "Audit trail", "Register a member state");

        for (String language : List.of("fr", "es")) {
            browser.click("nav.languages a[lang='" + language + "']");
            browser.waitFor(d -> language.equals(browser.script("return document.documentElement.lang;")) ? true : null);
            Set<String> untranslated = englishOnly(language);
            List<String> problems = new ArrayList<>();
            for (String page : voting.mainPages()) {
                browser.open(page);
                assertThat(browser.script("return document.documentElement.lang;")).as(page).isEqualTo(language);
                for (String label : labels()) {
                    if (label.contains("??") || untranslated.contains(label)) {
                        problems.add(page + ": '" + label + "'");
                    }
                }
            }
            assertThat(problems).as("labels left untranslated in " + language).isEmpty();
            browser.screenshot("ui-" + language);
        }
        browser.click("nav.languages a[lang='en']");
        browser.signOut();
    }

    @Test
    void theBrowsersLanguageChoosesTheUiLanguageUntilTheUserPicksAnother(SystemUnderTest system) {
        try (Browser spanish = new Browser(system.api().queryService(), "es")) {
            spanish.open("/login");
            assertThat(spanish.text("h1")).isEqualTo(WebUiPages.messages("_es").getProperty("signIn.title"));
            spanish.signIn("observer");
            assertThat(spanish.text("nav.sections a")).isEqualTo("Consultas");

            spanish.click("nav.languages a[lang='fr']");
            spanish.open("/consultations");

            assertThat(spanish.text("h1")).isEqualTo(WebUiPages.messages("_fr").getProperty("consultations.title"));
            assertThat(spanish.script("return document.documentElement.lang;")).isEqualTo("fr");
        }
    }

    private List<String> labelsOf(List<String> pages) {
        List<String> texts = new ArrayList<>();
        for (String page : pages) {
            browser.open(page);
            texts.addAll(labels());
        }
        return texts;
    }

    /** Read in one go: the live tally page replaces parts of itself as updates arrive. */
    private List<String> labels() {
        return ((List<?>) browser.script("return [...document.querySelectorAll(arguments[0])]"
                + ".map(e => (e.innerText || e.textContent).trim()).filter(t => t);", LABELS))
                .stream().map(String::valueOf).toList();
    }

    /** English texts that the other language words differently: finding one on its pages means it was missed. */
    private static Set<String> englishOnly(String language) {
        Properties english = WebUiPages.messages("");
        Properties other = WebUiPages.messages("_" + language);
        return english.stringPropertyNames().stream()
                .filter(key -> !english.getProperty(key).equals(other.getProperty(key)))
                .map(english::getProperty)
                .collect(Collectors.toSet());
    }
}
