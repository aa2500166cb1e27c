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
 * The README's screenshots, taken on the demo's own seeded consultation (IDM 2010) as delegations use it: a delegate
 * refused a proposal whose title is taken, then the chair's live tally once voting runs. It leaves the seeded
 * consultation in voting (no other test needs it open). The pictures are saved as target/screenshots/readme-*.png;
 * copy them to docs/screenshots when the pages change.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiReadmeScreenshotsTest {

    private static final String CID = "idm-2010-theme";
    private static final String SOUTH_SOUTH = "south-south-migration";
    private static final String SOCIAL_CHANGE = "migration-and-social-change";

    private Api api;
    private Browser browser;

    @BeforeAll
    void prepare(SystemUnderTest system) {
        api = system.api();
        browser = new Browser(api.queryService(), "en");
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theSeededConsultationAsDelegationsAndTheChairSeeIt() {
        String comments = "/api/consultations/" + CID + "/proposals/" + SOUTH_SOUTH + "/comments";
        String kenya = api.post("delegate-ken", comments, Map.of("text",
                "Kenya supports this theme: South-South flows are now as large as South-North ones.")).json().path("id").asText();
        RichScenario.ok(api.post("delegate-phl", comments, Map.of("text",
                "The Philippines agrees, and would add labour mobility within Asia.", "inReplyTo", kenya)));

        browser.signIn("delegate-mex").open("/consultations/" + CID)
                .type("p-title", "south-south  MIGRATION")
                .type("p-summary", "Mexico's version of the theme.")
                .click("#submit-proposal button[type=submit]");
        browser.waitFor(d -> browser.text("#p-title-error").isBlank() ? null : true);
        assertThat(browser.text("#p-title-error")).isEqualTo("Another proposal in this consultation already has this title.");
        browser.script("document.getElementById('p-title').scrollIntoView({block: 'center'});");
        browser.screenshot("readme-delegate-refusal");
        browser.signOut();

        RichScenario.ok(api.post("chair", "/api/consultations/" + CID + "/open-voting", null));
        List<String> forSouthSouth = List.of("KEN", "PHL", "EGY", "GHA", "SEN", "BRA", "IND", "MAR");
        List<String> forSocialChange = List.of("MEX", "CHE", "NOR", "CAN", "DEU");
        forSouthSouth.forEach(state -> vote(state, SOUTH_SOUTH));
        forSocialChange.forEach(state -> vote(state, SOCIAL_CHANGE));
        RichScenario.ok(api.put("delegate-fin", "/api/consultations/" + CID + "/ballots/FIN", Map.of("abstain", true)));
        api.awaitRead("chair", "/api/consultations/" + CID + "/tally", json -> json.path("ballotsCast").asInt() == 14);

        browser.signIn("chair").open("/consultations/" + CID + "/tally");
        assertThat(browser.text("#tally-cast")).isEqualTo("14");
        browser.screenshot("readme-chair-live-tally");
        browser.signOut();
    }

    private void vote(String state, String proposal) {
        RichScenario.ok(api.put("delegate-" + state.toLowerCase(), "/api/consultations/" + CID + "/ballots/" + state,
                Map.of("choices", List.of(proposal))));
    }

}
