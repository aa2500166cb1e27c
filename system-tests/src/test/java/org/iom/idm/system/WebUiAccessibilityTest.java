package org.iom.idm.system;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keyboard alone, labelled fields, readable contrast, and a 375-pixel-wide phone screen, on the main pages. */
class WebUiAccessibilityTest extends WebUiPagesTest {

    /** WCAG 2.1 AA for normal text. */
    static final double MIN_CONTRAST = 4.5;

    /** Form controls with neither a label nor an accessible name. */
    static final String UNLABELLED = """
            return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
              .map(e => e.outerHTML.substring(0, 120));""";

    /** Text whose colour against the background behind it falls short of the contrast ratio. */
    static final String LOW_CONTRAST = """
            const minimum = arguments[0];
            const rgb = c => c.match(/[\\d.]+/g).map(Number);
            const luminance = ([r, g, b]) => {
              const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
              return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
            };
            const background = e => {
              for (; e; e = e.parentElement) {
                const c = rgb(getComputedStyle(e).backgroundColor);
                if (c.length < 4 || c[3] > 0) return c;
              }
              return [255, 255, 255];
            };
            const failing = [];
            for (const e of document.querySelectorAll('body *')) {
              const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
              if (!own || !e.getClientRects().length) continue;
              const a = luminance(rgb(getComputedStyle(e).color)), b = luminance(background(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < minimum) failing.push(e.tagName + ' "' + e.textContent.trim().substring(0, 40) + '" ' + ratio.toFixed(2));
            }
            return failing;""";

    @Test
    void aUserSignsInAndReachesTheContentWithTheKeyboardAlone() {
        browser.open("/login");
        assertThat(browser.script("return document.activeElement.id;")).isEqualTo("username");

        browser.driver().switchTo().activeElement().sendKeys("secretariat", Keys.TAB, Api.PASSWORD, Keys.ENTER);
        browser.find("#signed-in-as");
        browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB);

        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Skip to content");
        assertThat(browser.driver().switchTo().activeElement().isDisplayed()).isTrue();
        browser.signOut();
    }

    @Test
    void everyFieldHasALabelAndEveryTextIsReadableOnTheMainPages() {
        browser.signIn("secretariat");
        List<String> problems = new ArrayList<>();
        for (String page : voting.mainPages()) {
            browser.open(page);
            ((List<?>) browser.script(UNLABELLED)).forEach(field -> problems.add(page + " unlabelled: " + field));
            ((List<?>) browser.script(LOW_CONTRAST, MIN_CONTRAST)).forEach(text -> problems.add(page + " contrast: " + text));
        }
        browser.signOut();

        assertThat(problems).isEmpty();
    }

    @Test
    void theConfirmationDialogIsLabelledKeepsTheFocusInsideAndIsReadable() {
        browser.signIn("chair").open("/consultations/" + voting.consultationId());
        browser.click("#close-voting button[type=submit]");
        browser.find("dialog[open]");
        List<String> problems = new ArrayList<>();
        ((List<?>) browser.script(UNLABELLED)).forEach(field -> problems.add("unlabelled: " + field));
        ((List<?>) browser.script(LOW_CONTRAST, MIN_CONTRAST)).forEach(text -> problems.add("contrast: " + text));
        for (int i = 0; i < 4; i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            // The page behind is inert: focus is in the dialog or, past its last button, in the browser's own UI.
            if (!(Boolean) browser.script("const e = document.activeElement;"
                    + "return !e || e === document.body || !!e.closest('dialog[open]');")) {
                problems.add("Tab " + (i + 1) + " reached the page behind the dialog");
            }
        }
        browser.script("document.querySelector('#confirm-cancel').focus();");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitFor(d -> browser.all("dialog[open]").isEmpty() ? true : null);
        browser.signOut();

        assertThat(problems).isEmpty();
    }

    @Test
    void theVotingBannerAndTheTablesAsCardsAreLabelledAndReadableOnAPhone() {
        browser.signIn("delegate-ken");
        browser.resize(Browser.PHONE);
        List<String> problems = new ArrayList<>();
        try {
            for (String page : voting.mainPages().subList(0, 3)) {
                browser.open(page);
                if (browser.all(".voting-now [data-voting='" + voting.consultationId() + "'] a").isEmpty()) {
                    problems.add(page + ": no voting banner");
                }
                ((List<?>) browser.script(LOW_CONTRAST, MIN_CONTRAST)).forEach(text -> problems.add(page + " contrast: " + text));
                ((List<?>) browser.script(UNLABELLED_CARDS)).forEach(cell -> problems.add(page + " card without labels: " + cell));
            }
        } finally {
            browser.resize(Browser.DESKTOP);
            browser.signOut();
        }

        assertThat(problems).isEmpty();
    }

    /** Rows of a table shown as cards with more than their first cell unlabelled. */
    private static final String UNLABELLED_CARDS = """
            return [...document.querySelectorAll('table.cards tbody tr')]
              .filter(row => [...row.cells].filter(c => !c.dataset.label).length > 1)
              .map(row => row.textContent.trim().substring(0, 60));""";

    @Test
    void theMainPagesFitA375PixelWideScreen() {
        browser.signIn("delegate-phl");
        browser.resize(Browser.PHONE);
        try {
            List<String> overflowing = new ArrayList<>();
            for (String page : voting.mainPages().subList(0, 3)) {
                browser.open(page);
                long overflow = browser.sidewaysOverflow();
                if (overflow > 0) {
                    overflowing.add(page + " is " + overflow + " px wider than the viewport");
                }
            }
            browser.open(voting.mainPages().get(1));
            browser.screenshot("delegate-phone");
            assertThat(overflowing).isEmpty();
        } finally {
            browser.resize(Browser.DESKTOP);
            browser.signOut();
        }
    }
}
