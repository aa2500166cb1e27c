package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accreditation roster in a real browser (CONTRACT §9): the member states page shows Uruguay's delegation as the
 * demo seeded it, the secretariat accredits an adviser and withdraws the alternate with a reason through the
 * delegation page (a second head of delegation is refused at the form), the withdrawal stays on the page, and the
 * delegates see in the banner whom they speak for, or that they no longer do. Uruguay's roster is put back as the
 * demo seeded it at the end; no other test touches it.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiAccreditationsTest {

    private static final String STATE = "URY";
    private static final String HEAD = "delegate-ury";
    private static final String ALTERNATE = "alternate-ury";
    private static final String ADVISER = "adviser-ury";
    private static final String ACCREDITATIONS = "/api/member-states/" + STATE + "/accreditations";

    private Api api;
    private Browser browser;

    @BeforeAll
    void signIn(SystemUnderTest system) {
        api = system.api();
        browser = new Browser(api.queryService(), "en");
        browser.signIn("secretariat");
    }

    /** Leaves Uruguay's roster as the demo seeded it, whatever failed. */
    @AfterAll
    void restoreAndClose() {
        if (api != null) {
            List<String> users = accredited();
            if (users.contains(ADVISER)) {
                api.post("secretariat", ACCREDITATIONS + "/" + ADVISER + "/withdraw", Map.of("reason", "Test over."))
                        .expect2xx();
            }
            if (!users.contains(ALTERNATE)) {
                api.post("secretariat", ACCREDITATIONS, Map.of("user", ALTERNATE, "capacity", "ALTERNATE"))
                        .expect2xx();
            }
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void theMemberStatesPageShowsTheSeededDelegationAndLeadsToItsPage() {
        browser.open("/member-states?search=uruguay");
        String row = "#state-" + STATE;

        assertThat(browser.text(row + " [data-user='" + HEAD + "']")).isEqualTo(HEAD + " (Head of delegation)");
        assertThat(browser.text(row + " [data-user='" + ALTERNATE + "']")).isEqualTo(ALTERNATE + " (Alternate)");
        browser.markThisPage();
        browser.click(row + " a.manage-delegation");
        browser.awaitNextPage();

        assertThat(browser.path()).isEqualTo("/member-states/" + STATE + "/delegation");
        assertThat(browser.text("h1")).isEqualTo("Delegation of Uruguay");
        assertThat(browser.all("#accreditations tbody tr")).extracting(tr -> tr.getAttribute("data-user"))
                .containsExactly(HEAD, ALTERNATE);
    }

    @Test
    @Order(2)
    void anAdviserAccreditedThroughThePageIsListedAtOnceWithItsCapacity() {
        browser.open("/member-states/" + STATE + "/delegation").type("a-user", ADVISER);
        new Select(browser.find("#a-capacity")).selectByValue("ADVISER");

        browser.submitAndAwaitNewPage("#accredit");

        assertThat(browser.text("#flash")).isEqualTo("Accreditation recorded.");
        assertThat(browser.text("#accreditations tr[data-user='" + ADVISER + "'] .capacity")).isEqualTo("Adviser");
        assertThat(accredited()).containsExactly(HEAD, ALTERNATE, ADVISER);
    }

    @Test
    @Order(3)
    void aSecondHeadOfDelegationIsRefusedAtTheFormAndNothingChanges() {
        browser.open("/member-states/" + STATE + "/delegation").type("a-user", "another-head-ury");
        new Select(browser.find("#a-capacity")).selectByValue("HEAD");
        browser.click("#accredit button[type=submit]");

        browser.waitFor(d -> browser.text("#accredit .form-error").isBlank() ? null : true);
        assertThat(browser.text("#accredit .form-error")).isEqualTo("This already exists.");
        assertThat(accredited()).doesNotContain("another-head-ury");
    }

    @Test
    @Order(4)
    void theAlternatesWithdrawalAsksFirstThenKeepsItsReasonOnThePage() {
        browser.open("/member-states/" + STATE + "/delegation");
        String form = "#accreditations tr[data-user='" + ALTERNATE + "'] form";
        browser.find(form + " input[name=reason]").sendKeys("Left the permanent mission.");

        browser.submitConfirmAndAwaitNewPage(form);

        assertThat(browser.text("#flash")).isEqualTo("Accreditation of " + ALTERNATE + " withdrawn.");
        assertThat(browser.all("#accreditations tr[data-user='" + ALTERNATE + "']")).isEmpty();
        String withdrawn = "#withdrawn-accreditations tr[data-user='" + ALTERNATE + "']";
        assertThat(browser.text(withdrawn + " .withdrawal-reason")).isEqualTo("Left the permanent mission.");
        assertThat(browser.text(withdrawn)).contains("Alternate", "secretariat");
        assertThat(accredited()).containsExactly(HEAD, ADVISER);
    }

    @Test
    @Order(5)
    void delegatesSeeWhomTheySpeakForAndAWithdrawnAlternateThatItNoLongerDoes() {
        browser.signOut().signIn(HEAD);
        assertThat(browser.text("#signed-in-as")).isEqualTo("Signed in as " + HEAD
                + " (Head of the delegation of Uruguay)");
        JsonNode me = api.read(HEAD, "/api/me").expect(200);
        assertThat(me.path("memberState").asString()).isEqualTo(STATE);
        assertThat(me.path("capacity").asString()).isEqualTo("HEAD");

        browser.signOut().signIn(ALTERNATE);
        assertThat(browser.text("#signed-in-as")).isEqualTo("Signed in as " + ALTERNATE
                + " (No current accreditation: reading only)");
        assertThat(api.read(ALTERNATE, "/api/me").expect(200).path("capacity").isNull()).isTrue();
        browser.signOut().signIn("secretariat");
    }

    private List<String> accredited() {
        List<String> users = new ArrayList<>();
        api.read("secretariat", ACCREDITATIONS).expect(200).forEach(entry -> users.add(entry.path("user").asString()));
        return users;
    }
}
