package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secretariat's audit trail in a real browser: newest first, a page at a time either way with where it stands,
 * filtered by member state and by part of an actor's name, what happened in the reader's language, and on a phone
 * as labelled cards. The class makes its own consultation with more entries than one page holds.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiAuditTrailTest {

    private static final int COMMENTS_BY_MEXICO = 30;
    private static final int COMMENTS_BY_THE_CHAIR = 20;
    /** Created, three proposals, the comments, voting opened. */
    private static final int ENTRIES = 1 + 3 + COMMENTS_BY_MEXICO + COMMENTS_BY_THE_CHAIR + 1;

    private final String cid = "ui-audit-" + UUID.randomUUID().toString().substring(0, 8);
    private Browser browser;

    @BeforeAll
    void prepare(SystemUnderTest system) {
        Api api = system.api();
        assertThat(api.post("secretariat", "/api/consultations", Map.of("id", cid, "title", "Audit trail " + cid,
                "question", "Which theme?")).status()).isEqualTo(201);
        String proposal = api.post("delegate-phl", "/api/consultations/" + cid + "/proposals",
                Map.of("title", "Diasporas " + cid, "summary", "Diasporas and development.")).json().path("id")
                .asText();
        assertThat(api.post("delegate-mex", "/api/consultations/" + cid + "/proposals",
                Map.of("title", "Labour mobility " + cid, "summary", "Skills partnerships.")).status()).isEqualTo(201);
        assertThat(api.post("secretariat", "/api/consultations/" + cid + "/proposals",
                Map.of("title", "Return " + cid, "summary", "Sustainable return.")).status()).isEqualTo(201);
        for (int i = 1; i <= COMMENTS_BY_MEXICO + COMMENTS_BY_THE_CHAIR; i++) {
            String author = i <= COMMENTS_BY_MEXICO ? "delegate-mex" : "chair";
            assertThat(api.post(author, "/api/consultations/" + cid + "/proposals/" + proposal + "/comments",
                    Map.of("text", "Comment " + i)).status()).isEqualTo(201);
        }
        assertThat(api.post("chair", "/api/consultations/" + cid + "/open-voting", null).status()).isBetween(200, 299);
        api.awaitRead("secretariat", "/api/audit?limit=1&consultationId=" + cid,
                json -> json.path("total").asLong() == ENTRIES);
        browser = new Browser(api.queryService(), "en").signIn("secretariat");
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theNewestEntryComesFirst() {
        browser.open("/audit?consultationId=" + cid);

        List<Long> positions = positions();
        List<Long> newestFirst = new ArrayList<>(positions);
        newestFirst.sort(Collections.reverseOrder());
        assertThat(positions).hasSize(50).isEqualTo(newestFirst);
        assertThat(browser.find("#audit tbody tr").getAttribute("data-type")).isEqualTo("VotingOpened");
        browser.screenshot("audit-trail-desktop");
    }

    @Test
    void olderThenNewerLeadsBackToTheSameFirstPageAndTheTotalSaysWhereEachStands() {
        browser.open("/audit?consultationId=" + cid);
        List<Long> first = positions();
        assertThat(browser.text("#audit-range")).isEqualTo("Entries 1–50 of " + ENTRIES);
        assertThat(browser.all("#audit-newer")).isEmpty();

        follow("#audit-older");
        List<Long> older = positions();
        assertThat(browser.text("#audit-range")).isEqualTo("Entries 51–" + ENTRIES + " of " + ENTRIES);
        assertThat(older).hasSize(ENTRIES - 50).allSatisfy(position ->
                assertThat(position).isLessThan(first.get(first.size() - 1)));
        assertThat(browser.all("#audit-older")).isEmpty();

        follow("#audit-newer");
        assertThat(positions()).isEqualTo(first);
        assertThat(browser.text("#audit-range")).isEqualTo("Entries 1–50 of " + ENTRIES);
    }

    @Test
    void theMemberStateFilterShowsWhatTheDelegatesOfThatStateDid() {
        browser.open("/audit?consultationId=" + cid);
        Select states = new Select(browser.find("#f-state"));
        assertThat(states.getOptions()).extracting(WebElement::getText).contains("Mexico", "Philippines");

        states.selectByVisibleText("Mexico");
        browser.submitAndAwaitNewPage("#audit-filter");

        assertThat(rows()).extracting(row -> row.getAttribute("data-actor")).hasSize(COMMENTS_BY_MEXICO + 1)
                .containsOnly("delegate-mex");
        assertThat(browser.text("#audit-range")).isEqualTo("Entries 1–31 of 31");
        assertThat(browser.text("#audit tbody tr td[data-label='Actor']")).isEqualTo("Delegate of Mexico");
        assertThat(browser.find("#audit tbody tr td[data-label='Actor'] span").getAttribute("title"))
                .isEqualTo("delegate-mex");
        assertThat(browser.find("#audit-export").getAttribute("href")).contains("memberState=MEX")
                .contains("consultationId=" + cid);
    }

    @Test
    void theActorFilterFindsTheChairByPartOfTheNameInAnotherCase() {
        browser.open("/audit?consultationId=" + cid).type("f-actor", "CHA");
        browser.submitAndAwaitNewPage("#audit-filter");

        assertThat(rows()).extracting(row -> row.getAttribute("data-actor")).hasSize(COMMENTS_BY_THE_CHAIR + 1)
                .containsOnly("chair");
        assertThat(browser.text("#audit tbody tr td[data-label='Actor']")).isEqualTo("The Chair");
        assertThat(browser.find("#f-actor").getAttribute("value")).isEqualTo("CHA");
        assertThat(browser.find("#audit-export").getAttribute("href")).contains("actor=CHA")
                .contains("consultationId=" + cid);
    }

    @Test
    void inFrenchNoEntrySaysWhatHappenedInEnglish() {
        Map<Long, String> english = narrations("en");
        Map<Long, String> french;
        try {
            french = narrations("fr");
        } finally {
            browser.open("/audit?lang=en");
        }

        assertThat(french.keySet()).isEqualTo(english.keySet());
        List<String> stillEnglish = new ArrayList<>();
        french.forEach((position, text) -> {
            boolean englishWords = text.matches(".*\\b(the|opened|commented|submitted|created)\\b.*");
            if (englishWords || text.equals(english.get(position))) {
                stillEnglish.add(position + ": " + text);
            }
        });
        assertThat(stillEnglish).isEmpty();
        assertThat(french.values()).anySatisfy(text -> assertThat(text)
                .matches("La présidence a ouvert le vote : [0-9 ]+ États membres peuvent voter, quorum de [0-9 ]+"));
        assertThat(french.values()).anySatisfy(text -> assertThat(text)
                .isEqualTo("La présidence a commenté la proposition « Diasporas " + cid + " »"));
    }

    @Test
    void onA375PixelWideScreenTheTrailIsLabelledCardsWithNoSidewaysScrolling() {
        browser.resize(Browser.PHONE);
        try {
            browser.open("/audit?consultationId=" + cid);

            assertThat(browser.sidewaysOverflow()).as("pixels beyond the viewport").isZero();
            assertThat(browser.find("#audit").getAttribute("class").split(" ")).contains("list", "cards");
            assertThat(browser.all("#audit tbody td")).allSatisfy(cell ->
                    assertThat(cell.getAttribute("data-label")).isNotBlank());
            browser.script("document.getElementById('audit-range').scrollIntoView();");
            browser.screenshot("audit-trail-phone");
        } finally {
            browser.resize(Browser.DESKTOP);
        }
    }

    // ---- reading the page ----

    private List<WebElement> rows() {
        return browser.all("#audit tbody tr");
    }

    private List<Long> positions() {
        return rows().stream().map(row -> Long.parseLong(row.getAttribute("data-position"))).toList();
    }

    /** What happened, by position, on both pages of the trail in the given language. */
    private Map<Long, String> narrations(String language) {
        Map<Long, String> texts = new HashMap<>();
        browser.open("/audit?consultationId=" + cid + "&lang=" + language);
        readNarrations(texts);
        follow("#audit-older");
        readNarrations(texts);
        return texts;
    }

    private void readNarrations(Map<Long, String> texts) {
        for (WebElement row : rows()) {
            texts.put(Long.parseLong(row.getAttribute("data-position")),
                    row.findElement(By.cssSelector(".narration")).getText()
                            .replace('\u00a0', ' ').replace('\u202f', ' '));
        }
    }

    /** Follows a link and waits until the page it leads to is there. */
    private void follow(String linkCss) {
        browser.markThisPage();
        browser.click(linkCss);
        browser.awaitNextPage();
    }
}
