package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.StaleElementReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The tally page, for the chair and for everyone else: turnout against the quorum, each proposal's share of the
 * ballots cast and the member states yet to vote, all following the stream; a sealed page, with no count in it,
 * for whoever may not see the count; final words once voting has closed; a decision form that says why a
 * rationale is required. Each consultation here is the test's own, made through the API.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiTallyTest {

    /** Letters only: the sealed page's text must hold no digit at all. */
    private static final String TITLE = "Workshop topics for the tally page";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private Api api;
    private Browser chair;
    private Browser others;
    /** In voting, quorum 5, one proposal to select: two proposals, then a tie, then the decision. */
    private String cid;
    private List<String> proposals;

    @BeforeAll
    void prepare(SystemUnderTest system) {
        api = system.api();
        chair = new Browser(api.queryService(), "en").signIn("chair");
        others = new Browser(api.queryService(), "en");
        cid = consultation("tally-" + run, 5, 1);
        proposals = propose(cid, "Labour mobility " + run, "Return and reintegration " + run);
        openVoting(cid);
        vote("PHL", cid, proposals.get(0));
        vote("MEX", cid, proposals.get(0));
        vote("FRA", cid, proposals.get(1));
        abstain("DEU", cid);
        api.awaitRead("chair", tally(cid), json -> json.path("ballotsCast").asInt() == 4);
    }

    @AfterAll
    void closeBrowsers() {
        Stream.of(chair, others).filter(Objects::nonNull).forEach(Browser::close);
    }

    @Test
    @Order(1)
    void theChairSeesTheTurnoutAgainstTheQuorumAndEachProposalsShareOfTheBallotsCast() {
        int eligible = api.read("chair", tally(cid)).expect(200).path("eligible").asInt();
        chair.open(page(cid));

        assertThat(chair.find("#turnout-bar").getAttribute("role")).isEqualTo("progressbar");
        assertThat(chair.find("#turnout-bar").getAttribute("aria-valuenow")).isEqualTo("4");
        assertThat(chair.find("#turnout-bar").getAttribute("aria-valuemin")).isEqualTo("0");
        assertThat(chair.find("#turnout-bar").getAttribute("aria-valuemax")).isEqualTo(String.valueOf(eligible));
        assertThat(chair.text("#turnout-quorum")).isEqualTo("Quorum: 5 of " + eligible);
        assertThat(chair.find("#quorum-marker").isDisplayed()).isTrue();
        @SuppressWarnings("unchecked")
        List<Number> marker = (List<Number>) chair.script("""
                const bar = document.getElementById('turnout-bar').getBoundingClientRect();
                const marker = document.getElementById('quorum-marker').getBoundingClientRect();
                return [marker.left + marker.width / 2 - bar.left, bar.width];""");
        assertThat(marker.get(0).doubleValue()).as("the quorum marker's distance from the bar's start, in pixels")
                .isCloseTo(marker.get(1).doubleValue() * 5 / eligible, within(2.0));

        assertThat(share(chair, proposals.get(0))).isEqualTo("2 (50%)");
        assertThat(share(chair, proposals.get(1))).isEqualTo("1 (25%)");
        assertThat(barWidth(chair, proposals.get(0))).as("2 of 4 ballots, not the most votes").isEqualTo("50%");
        assertThat(barWidth(chair, proposals.get(1))).as("1 of 4 ballots, abstention included").isEqualTo("25%");
        chair.screenshot("tally-chair-desktop");

        chair.resize(Browser.PHONE);
        try {
            chair.open(page(cid));
            chair.find("#chart");
            assertThat(chair.sidewaysOverflow()).isZero();
            chair.screenshot("tally-chair-phone");
        } finally {
            chair.resize(Browser.DESKTOP);
        }

        chair.open(page(cid) + "?lang=fr");
        chair.waitFor(d -> share(chair, proposals.get(0)).matches("2 \\(50[\\u00a0\\u202f ]%\\)") ? true : null);
        chair.open(page(cid) + "?lang=en");
    }

    @Test
    @Order(2)
    void theStatesThatHaveNotVotedAreListedForTheChairAndTheListShrinksLiveWhenADelegateVotes() {
        chair.open(page(cid));
        chair.waitFor(d -> textOf(chair, "#tally-live").startsWith("Live") ? true : null);
        chair.script("window.notReloaded = true;");
        int waiting = notVotedCount(chair);
        chair.click("#not-voted summary");
        assertThat(chair.text("#not-voted ul")).contains("Brazil").contains("Kenya").doesNotContain("Philippines")
                .doesNotContain("Germany");
        assertThat(chair.text("#tally-quorum-met")).isEqualTo("quorum not reached");

        vote("BRA", cid, proposals.get(1));

        chair.waitFor(d -> notVotedCount(chair) == waiting - 1 ? true : null);
        chair.waitFor(d -> textOf(chair, "#not-voted ul").contains("Brazil") ? null : true);
        assertThat(textOf(chair, "#not-voted ul")).as("the unfolded list stays unfolded").contains("Kenya");
        chair.waitFor(d -> "5".equals(chair.find("#turnout-bar").getAttribute("aria-valuenow")) ? true : null);
        assertThat(textOf(chair, "#tally-quorum-met")).isEqualTo("quorum reached");
        assertThat(share(chair, proposals.get(0))).isEqualTo("2 (40%)");
        assertThat(share(chair, proposals.get(1))).isEqualTo("2 (40%)");
        assertThat(barWidth(chair, proposals.get(1))).isEqualTo("40%");
        chair.waitFor(d -> chair.all("#ballots tbody tr").size() == 5 ? true : null);
        assertThat(chair.script("return window.notReloaded === true;")).isEqualTo(true);

        assertThat(textOf(chair, "#ballots tr[data-state='DEU']")).contains("Abstention");
        assertThat(chair.find("#ballots").getAttribute("class")).contains("cards");
        assertThat(chair.all("#ballots tbody td:not([data-label])")).as("cells without a label").isEmpty();

        others.signIn("secretariat").open(page(cid));
        assertThat(notVotedCount(others)).isEqualTo(waiting - 1);
        others.signOut();
    }

    @Test
    @Order(3)
    void anObserverAndADelegateSeeThatTheResultsAreSealedWithNoCountNorChoiceInThePage() {
        for (String user : List.of("observer", "delegate-phl")) {
            others.signIn(user).open(page(cid));

            assertThat(others.text("#tally-sealed"))
                    .contains("The results are sealed until voting closes.").doesNotContain("may not");
            assertThat(others.text("#main")).as("no digit of any count").doesNotContainPattern("\\d");
            List<Object> fetched = fetchPage(others);
            assertThat(fetched.get(0)).as("HTTP status of the sealed page").isEqualTo(200L);
            assertThat(String.valueOf(fetched.get(1))).doesNotContain("ballotsCast").doesNotContain("\"results\"")
                    .doesNotContain("data-tally").doesNotContain("tally/stream").doesNotContain("tally.js")
                    .doesNotContain(proposals.get(0)).doesNotContain("Labour mobility")
                    .doesNotContain("Return and reintegration");
            assertThat(others.all("#tally-cast, #chart, #turnout-bar, #ballots, #not-voted-section")).isEmpty();
            if (user.startsWith("delegate")) {
                assertThat(others.find("#ballot-link").getAttribute("href")).endsWith("/consultations/" + cid + "#ballot-heading");
                others.screenshotsAtBothWidths("tally-sealed");
                others.click("#ballot-link");
                others.waitFor(d -> others.path().equals("/consultations/" + cid) ? true : null);
                assertThat(others.find("#ballot-heading").isDisplayed()).isTrue();
            } else {
                assertThat(others.all("#ballot-link")).isEmpty();
            }
            others.signOut();
        }
    }

    @Test
    @Order(4)
    void beforeVotingOpensThePageSaysSoToEveryone() {
        String open = consultation("tally-open-" + run, 2, 1);
        propose(open, "Diasporas " + run);
        for (String user : List.of("observer", "chair")) {
            others.signIn(user).open(page(open));
            assertThat(others.text("#tally-sealed")).isEqualTo("Voting has not opened yet, so there is nothing to count.");
            assertThat(others.all("#tally, #tally-live")).isEmpty();
            others.signOut();
        }
    }

    @Test
    @Order(5)
    void afterClosingATieIsNamedAsTheReasonForARationaleAndAnEmptySelectionIsRefusedAtItsField() {
        chair.open(page(cid));
        confirmAndAwaitNewPage("#close-voting", "Close voting now? No ballot can be cast or changed afterwards, "
                + "and the tally becomes final. This cannot be undone.", "Yes, close voting");
        chair.waitFor(d -> "Closed".equals(textOf(chair, "#tally-phase")) ? true : null);

        assertThat(chair.text("#chart-heading")).isEqualTo("Final result");
        assertThat(chair.all("#tally-live")).isEmpty();
        assertThat(chair.find("#tally").getAttribute("data-stream")).isNull();
        assertThat(chair.text("#tally")).doesNotContain("Live").doesNotContain("Leading");
        assertThat(chair.all("#record-decision [name=selected]")).hasSize(2)
                .allSatisfy(choice -> assertThat(choice.getAttribute("type")).isEqualTo("radio"));
        assertThat(chair.find("#rationale-field").isDisplayed()).as("a tie needs a rationale, whatever is chosen").isTrue();
        assertThat(chair.text("#rationale-hint")).isEqualTo("Required because two proposals are tied.");

        chair.click("#record-decision button[type=submit]");
        assertThat(chair.text("#selected-error")).isEqualTo("Select one proposal.");
        assertThat(chair.find("#select-" + proposals.get(0)).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(chair.all("#record-decision .form-error:not([hidden])")).as("no generic error").isEmpty();
        assertThat(chair.all("dialog[open]")).as("nothing to confirm yet").isEmpty();
        assertThat(api.read("chair", "/api/consultations/" + cid).expect(200).path("phase").asString())
                .isEqualTo("CLOSED");

        chair.click("#select-" + proposals.get(0));
        assertThat(chair.text("#selected-error")).isEmpty();
        assertThat(chair.text("#rationale-hint")).isEqualTo("Required because two proposals are tied.");
    }

    @Test
    @Order(6)
    void afterTheDecisionThePageSaysFinalResultAndMarksTheSelectedProposalNeverLiveOrLeading() {
        chair.type("rationale", "The chair's casting choice after a tie.");
        confirmAndAwaitNewPage("#record-decision",
                "Record this decision? A decision is final: it cannot be changed afterwards.", "Yes, record the decision");
        assertThat(chair.path()).isEqualTo("/consultations/" + cid);
        assertThat(chair.text(".flash")).isEqualTo("The decision was recorded.");

        for (Browser reader : List.of(chair, others.signIn("observer"))) {
            reader.open(page(cid));
            assertThat(reader.text("#tally-phase")).isEqualTo("Decided");
            assertThat(reader.text("#chart-heading")).isEqualTo("Final result");
            assertThat(reader.text("#tally-leading")).isEqualTo("Labour mobility " + run);
            assertThat(reader.all("#chart li.selected")).hasSize(1);
            assertThat(reader.find("#chart li.selected").getAttribute("data-proposal")).isEqualTo(proposals.get(0));
            assertThat(reader.text("#chart li.selected .badge")).isEqualTo("selected");
            assertThat(reader.text("#main")).doesNotContain("Live").doesNotContain("Leading");
            assertThat(reader.all("#tally-live")).isEmpty();
            assertThat(reader.text("#ballots tr[data-state='DEU']")).contains("Abstention");
        }
        chair.screenshotsAtBothWidths("tally-decided");
        assertThat(chair.all("#not-voted-section")).hasSize(1);
        assertThat(others.all("#not-voted-section")).as("for the chair and the secretariat only").isEmpty();
        others.signOut();
    }

    @Test
    @Order(7)
    void aQuorumNotMetIsNamedAsTheReasonAndTwoProposalsToSelectAreCheckboxes() {
        String unmet = consultation("tally-quorum-" + run, 3, 2);
        List<String> three = propose(unmet, "Climate " + run, "Health " + run, "Labour " + run);
        openVoting(unmet);
        vote("PHL", unmet, three.get(0));
        closeVoting(unmet);

        chair.open(page(unmet));
        assertThat(chair.all("#record-decision [name=selected]")).hasSize(3)
                .allSatisfy(choice -> assertThat(choice.getAttribute("type")).isEqualTo("checkbox"));
        assertThat(chair.find("#rationale-field").isDisplayed()).isTrue();
        assertThat(chair.text("#rationale-hint")).isEqualTo("Required because the quorum was not met.");
        chair.click("#select-" + three.get(0));
        assertThat(chair.text("#rationale-hint")).isEqualTo("Required because the quorum was not met.");
        chair.click("#record-decision button[type=submit]");
        assertThat(chair.text("#selected-error")).isEqualTo("Select exactly 2 proposals.");
    }

    @Test
    @Order(8)
    void aSelectionOtherThanTheLeadingProposalIsNamedAsTheReasonAsTheChairChooses() {
        String clear = consultation("tally-clear-" + run, 1, 1);
        List<String> two = propose(clear, "Climate " + run, "Health " + run);
        openVoting(clear);
        vote("PHL", clear, two.get(0));
        closeVoting(clear);

        chair.open(page(clear));
        assertThat(chair.find("#rationale-field").isDisplayed()).isFalse();
        chair.click("#select-" + two.get(1));
        assertThat(chair.find("#rationale-field").isDisplayed()).isTrue();
        assertThat(chair.text("#rationale-hint"))
                .isEqualTo("Required because your selection differs from the proposals leading by votes.");
        chair.click("#select-" + two.get(0));
        assertThat(chair.find("#rationale-field").isDisplayed()).isFalse();
    }

    /** Submits an irreversible form of the chair's page: the dialog asks first, its button says what it does. */
    private void confirmAndAwaitNewPage(String form, String question, String button) {
        chair.markThisPage();
        chair.click(form + " button[type=submit]");
        assertThat(chair.text("dialog[open] #confirm-text")).isEqualTo(question);
        assertThat(chair.text("dialog[open] #confirm-ok")).isEqualTo(button);
        chair.confirm();
        chair.awaitNextPage();
    }

    private String consultation(String id, int quorum, int selectCount) {
        api.post("secretariat", "/api/consultations", Map.of("id", id, "title", TITLE,
                "question", "Which topics should the workshops take up?", "quorum", quorum,
                "selectCount", selectCount)).expect(201);
        return id;
    }

    private List<String> propose(String consultation, String... titles) {
        List<String> ids = new ArrayList<>();
        for (String title : titles) {
            ids.add(api.post("secretariat", "/api/consultations/" + consultation + "/proposals",
                    Map.of("title", title, "summary", "A summary of " + title + ".")).expect(201).path("id").asString());
        }
        api.awaitRead("chair", "/api/consultations/" + consultation,
                json -> json.path("proposals").size() == titles.length);
        return ids;
    }

    private void openVoting(String consultation) {
        api.post("chair", "/api/consultations/" + consultation + "/open-voting", null).expect2xx();
        api.awaitRead("chair", tally(consultation), json -> "VOTING".equals(json.path("phase").asString()));
    }

    private void closeVoting(String consultation) {
        api.post("chair", "/api/consultations/" + consultation + "/close-voting", null).expect2xx();
        api.awaitRead("chair", tally(consultation), json -> "CLOSED".equals(json.path("phase").asString()));
    }

    private void vote(String state, String consultation, String proposal) {
        cast(state, consultation, Map.of("choices", List.of(proposal)));
    }

    private void abstain(String state, String consultation) {
        cast(state, consultation, Map.of("abstain", true));
    }

    private void cast(String state, String consultation, Map<String, Object> ballot) {
        api.put("delegate-" + state.toLowerCase(), "/api/consultations/" + consultation + "/ballots/" + state, ballot)
                .expect2xx();
        api.awaitRead("chair", "/api/consultations/" + consultation + "/ballots",
                json -> json.toString().contains("\"memberState\":\"" + state + "\""));
    }

    private static String tally(String consultation) {
        return "/api/consultations/" + consultation + "/tally";
    }

    private static String page(String consultation) {
        return "/consultations/" + consultation + "/tally";
    }

    private static String share(Browser browser, String proposal) {
        return textOf(browser, "#chart li[data-proposal='" + proposal + "'] .bar-count");
    }

    /** The text of an element, read again if the page replaced the element meanwhile (the live sections do). */
    private static String textOf(Browser browser, String css) {
        return browser.waitFor(d -> {
            try {
                return browser.text(css);
            } catch (StaleElementReferenceException replaced) {
                return null;
            }
        });
    }

    private static String barWidth(Browser browser, String proposal) {
        return (String) browser.script("return document.querySelector(\"#chart li[data-proposal='" + proposal
                + "'] .bar-fill\").style.width;");
    }

    private static int notVotedCount(Browser browser) {
        return Integer.parseInt(textOf(browser, "#not-voted-count").replaceAll("\\D", ""));
    }

    /** The page as the server sends it to this browser (status and HTML), not as the scripts have changed it. */
    private static List<Object> fetchPage(Browser browser) {
        @SuppressWarnings("unchecked")
        List<Object> answer = (List<Object>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(window.location.pathname, {credentials: 'same-origin', headers: {Accept: 'text/html'}})
                  .then(r => r.text().then(t => done([r.status, t])));""");
        return answer;
    }
}
