package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secretariat's member states page in a real browser: search by name, the voting-rights filter kept in the
 * address, a suspension's reason and date, the count, the register form on demand, suspending and reinstating
 * through the page with confirmation, and a phone-sized screen. New Zealand's voting rights (through the API) and
 * Norway's (through the page) are suspended here and reinstated before the end; no other test touches them.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiMemberStatesTest {

    private static final String STATE = "NZL";
    private static final String PAGE_STATE = "NOR";
    private static final String REASON = "Arrears of contributions for two full years.";
    private static final String ROWS = "#member-states tbody tr";

    private Api api;
    private Browser browser;

    @BeforeAll
    void signIn(SystemUnderTest system) {
        api = system.api();
        browser = new Browser(api.queryService(), "en");
        browser.signIn("secretariat");
    }

    /** Leaves both states as other tests expect them, whatever failed. */
    @AfterAll
    void reinstateAndClose() {
        if (api != null) {
            JsonNode states = api.read("secretariat", "/api/member-states").expect(200);
            for (String code : List.of(STATE, PAGE_STATE)) {
                if ("SUSPENDED".equals(stateIn(states, code).path("votingRights").asString())) {
                    api.post("secretariat", "/api/member-states/" + code + "/reinstate-voting-rights", null)
                            .expect2xx();
                }
            }
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void aSearchForPartOfANameShowsOnlyThatStateAndTheAddressKeepsIt() {
        browser.open("/member-states").type("f-search", "ice").submitAndAwaitNewPage("#state-filter");

        assertThat(shownStates()).containsExactly("ISL");
        assertThat(browser.text("#member-states-count")).isEqualTo("1 member state");
        assertThat(browser.driver().getCurrentUrl()).contains("search=ice");
        assertThat(browser.find("#f-search").getAttribute("value")).isEqualTo("ice");
    }

    @Test
    @Order(2)
    void theRegisterFormOpensOnDemand() {
        browser.open("/member-states");
        assertThat(browser.find("#s-code").isDisplayed()).isFalse();

        browser.click("#register > summary");

        assertThat(browser.find("#s-code").isDisplayed()).isTrue();
        assertThat(browser.find("#register").getAttribute("open")).isNotNull();
    }

    @Test
    @Order(3)
    void aSuspensionShowsItsReasonAndUtcDateAndTheSuspendedFilterFindsIt() {
        api.post("secretariat", "/api/member-states/" + STATE + "/suspend-voting-rights", Map.of("reason", REASON))
                .expect2xx();
        JsonNode suspended = api.awaitRead("secretariat", "/api/member-states", states ->
                "SUSPENDED".equals(stateIn(states).path("votingRights").asString()));
        assertThat(stateIn(suspended).path("suspensionReason").asString()).isEqualTo(REASON);
        String date = Instant.parse(stateIn(suspended).path("suspendedAt").asString()).atZone(ZoneOffset.UTC)
                .toLocalDate().toString();

        browser.open("/member-states");
        new Select(browser.find("#f-rights")).selectByValue("suspended");
        browser.submitAndAwaitNewPage("#state-filter");

        assertThat(browser.driver().getCurrentUrl()).contains("rights=suspended");
        assertThat(new Select(browser.find("#f-rights")).getFirstSelectedOption().getText()).isEqualTo("Suspended");
        assertThat(shownStates()).contains(STATE);
        assertThat(browser.all(ROWS)).allSatisfy(row ->
                assertThat(row.findElement(org.openqa.selenium.By.cssSelector(".voting-rights")).getText())
                        .isEqualTo("Suspended"));
        String row = "#state-" + STATE;
        assertThat(browser.text(row + " .suspension-reason")).isEqualTo("Reason: " + REASON);
        assertThat(browser.text(row + " time")).isEqualTo(date);
        assertThat(browser.text(row)).contains("Suspended since " + date);
        int shown = browser.all(ROWS).size();
        assertThat(browser.text("#member-states-count"))
                .isEqualTo(shown == 1 ? "1 member state" : shown + " member states");
    }

    @Test
    @Order(4)
    void everyCellCarriesItsColumnsLabelForTheNarrowLayout() {
        browser.open("/member-states?search=zealand");

        assertThat(browser.find("#member-states").getAttribute("class")).contains("list").contains("cards");
        List<WebElement> cells = browser.all("#member-states td");
        assertThat(cells).hasSize(5);
        assertThat(cells).extracting(cell -> cell.getAttribute("data-label"))
                .containsExactly("Name", "Code", "Voting rights", "Delegation", "Actions");
        browser.screenshot("member-states-desktop");
    }

    @Test
    @Order(5)
    void onA375PixelWideScreenThePageDoesNotScrollSideways() {
        browser.resize(new Dimension(375, 812));
        try {
            browser.open("/member-states?search=n");
            assertThat(shownStates()).contains(STATE);

            Object width = browser.script("return document.documentElement.scrollWidth;");
            Object besideScrollbar = browser.script("return document.documentElement.clientWidth;");
            browser.screenshot("member-states-phone");
            assertThat(browser.sidewaysOverflow()).isZero();
            assertThat(((Number) width).longValue()).as("width beside the vertical scrollbar")
                    .isLessThanOrEqualTo(((Number) besideScrollbar).longValue());
        } finally {
            browser.resize(Browser.DESKTOP);
        }
    }

    @Test
    @Order(6)
    void aReinstatementClearsTheReasonAndDate() {
        api.post("secretariat", "/api/member-states/" + STATE + "/reinstate-voting-rights", null).expect2xx();
        JsonNode reinstated = api.awaitRead("secretariat", "/api/member-states", states ->
                "ACTIVE".equals(stateIn(states).path("votingRights").asString()));
        assertThat(stateIn(reinstated).path("suspensionReason").isNull()).isTrue();
        assertThat(stateIn(reinstated).path("suspendedAt").isNull()).isTrue();

        browser.open("/member-states?search=" + STATE);

        assertThat(browser.text("#state-" + STATE + " .voting-rights")).isEqualTo("Active");
        assertThat(browser.all("#state-" + STATE + " .suspension-reason, #state-" + STATE + " time")).isEmpty();
    }

    @Test
    @Order(7)
    void suspendingThroughThePageAsksFirstAndNothingChangesWhenTheSecretariatGoesBack() {
        browser.open("/member-states?search=" + PAGE_STATE).type("suspend-" + PAGE_STATE, "Arrears.");
        browser.click("#state-" + PAGE_STATE + " form button[type=submit]");

        assertThat(browser.find("dialog[open] #confirm-text").getText())
                .isEqualTo("Suspend the voting rights of Norway? Its delegates cannot vote until the rights are reinstated.");
        assertThat(browser.text("dialog[open] #confirm-ok")).isEqualTo("Suspend voting rights");
        browser.click("dialog[open] #confirm-cancel");

        assertThat(browser.all("dialog[open]")).isEmpty();
        assertThat(browser.text("#state-" + PAGE_STATE + " .voting-rights")).isEqualTo("Active");
        JsonNode states = api.read("secretariat", "/api/member-states").expect(200);
        assertThat(stateIn(states, PAGE_STATE).path("votingRights").asString()).isEqualTo("ACTIVE");
    }

    @Test
    @Order(8)
    void suspendingAndReinstatingThroughThePageKeepTheFilterAndBringTheRowIntoView() {
        browser.open("/member-states?search=n&rights=all");
        assertThat(browser.all(ROWS).size()).as("a list long enough to scroll").isGreaterThan(20);
        browser.type("suspend-" + PAGE_STATE, "Arrears of contributions.");

        browser.submitConfirmAndAwaitNewPage("#state-" + PAGE_STATE + " form");

        assertThat(browser.text("#flash")).isEqualTo("Voting rights of Norway suspended.");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/member-states?search=n&rights=all");
        assertThat(browser.find("#f-search").getAttribute("value")).isEqualTo("n");
        assertThat(browser.text("#state-" + PAGE_STATE + " .voting-rights")).isEqualTo("Suspended");
        assertThat(browser.text("#state-" + PAGE_STATE + " .suspension-reason"))
                .isEqualTo("Reason: Arrears of contributions.");
        assertRowFocusedAndInView(PAGE_STATE);

        browser.submitConfirmAndAwaitNewPage("#state-" + PAGE_STATE + " form");

        assertThat(browser.text("#flash")).isEqualTo("Voting rights of Norway reinstated.");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/member-states?search=n&rights=all");
        assertThat(browser.text("#state-" + PAGE_STATE + " .voting-rights")).isEqualTo("Active");
        assertRowFocusedAndInView(PAGE_STATE);
    }

    private void assertRowFocusedAndInView(String code) {
        assertThat(browser.script("return document.activeElement.id;")).isEqualTo("state-" + code);
        Map<?, ?> box = (Map<?, ?>) browser.script("""
                const box = document.getElementById(arguments[0]).getBoundingClientRect();
                return {top: box.top, bottom: box.bottom, viewport: window.innerHeight, scrollY: window.scrollY};""",
                "state-" + code);
        assertThat(((Number) box.get("top")).doubleValue()).as("row's top in %s", box).isGreaterThanOrEqualTo(0);
        assertThat(((Number) box.get("bottom")).doubleValue()).as("row's bottom in %s", box)
                .isLessThanOrEqualTo(((Number) box.get("viewport")).doubleValue());
    }

    private List<String> shownStates() {
        return browser.all(ROWS).stream().map(row -> row.getAttribute("data-state")).toList();
    }

    private static JsonNode stateIn(JsonNode states) {
        return stateIn(states, STATE);
    }

    private static JsonNode stateIn(JsonNode states, String code) {
        for (JsonNode state : states) {
            if (code.equals(state.path("code").asString())) {
                return state;
            }
        }
        throw new AssertionError(code + " is not listed");
    }
}
