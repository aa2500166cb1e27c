package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §8 rule 9 in a real browser: delegates cast their ballots with an explanation of vote, each reading only
 * its own on its receipt while voting runs; once the chair has closed the vote, the tally page publishes every
 * explanation beside the recorded vote it explains, to every reader.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiExplanationOfVoteTest {

    private static final String PHILIPPINES = "Our workers go abroad: we vote for labour mobility and skills.";
    private static final String KENYA = "Kenya abstains until the two themes are merged into one.";

    private final String cid = "explained-" + UUID.randomUUID().toString().substring(0, 8);
    private Api api;
    private Browser delegate;
    private Browser chair;
    private String labourMobility;

    @BeforeAll
    void prepare(SystemUnderTest system) {
        api = system.api();
        RichScenario.consultation(api, cid, "Explained votes " + cid, null);
        labourMobility = RichScenario.propose(api, "delegate-phl", cid, "Labour mobility " + cid, "Skills partnerships.");
        RichScenario.propose(api, "secretariat", cid, "Return and reintegration " + cid, "Sustainable return.");
        RichScenario.ok(api.post("chair", "/api/consultations/" + cid + "/open-voting", null));
        api.awaitRead("observer", "/api/consultations/" + cid, json -> "VOTING".equals(json.path("phase").asText()));
        delegate = new Browser(api.queryService(), "en");
        chair = new Browser(api.queryService(), "en").signIn("chair");
    }

    @AfterAll
    void close() {
        for (Browser browser : new Browser[]{delegate, chair}) {
            if (browser != null) {
                browser.close();
            }
        }
    }

    @Test
    @Order(1)
    void delegatesCastBallotsWithAnExplanationThatOnlyTheirOwnReceiptShowsWhileVoting() {
        delegate.signIn("delegate-phl").open("/consultations/" + cid);
        assertThat(delegate.text("label[for=explanation]")).isEqualTo("Explanation of vote (optional)");
        delegate.click("#choice-" + labourMobility).type("explanation", PHILIPPINES);
        delegate.screenshot("explanation-1-ballot-form");
        delegate.submitAndAwaitNewPage("#cast-ballot");
        assertThat(delegate.text("#my-ballot-choices")).isEqualTo("Labour mobility " + cid);
        assertThat(delegate.text("#my-ballot-explanation")).isEqualTo(PHILIPPINES);
        delegate.screenshot("explanation-1-receipt");
        delegate.signOut();

        delegate.signIn("delegate-ken").open("/consultations/" + cid);
        delegate.click("#abstain").type("explanation", KENYA).submitAndAwaitNewPage("#cast-ballot");
        assertThat(delegate.text("#my-ballot-choices")).isEqualTo("Abstention");
        assertThat(delegate.text("#my-ballot-explanation")).isEqualTo(KENYA);
        assertThat(delegate.text("main")).doesNotContain(PHILIPPINES);
        delegate.open("/consultations/" + cid + "/tally");
        assertThat(delegate.text("main")).as("sealed while voting runs").doesNotContain(PHILIPPINES).doesNotContain(KENYA);
        delegate.signOut();
    }

    @Test
    @Order(2)
    void afterTheChairClosesTheVoteEveryExplanationIsPublishedWithTheRecordedVote() {
        chair.open("/consultations/" + cid).submitConfirmAndAwaitNewPage("#close-voting");
        assertThat(chair.path()).isEqualTo("/consultations/" + cid + "/tally");
        assertThat(chair.text("#tally-phase")).isEqualTo("Closed");

        delegate.signIn("observer").open("/consultations/" + cid + "/tally");
        assertThat(delegate.text("#ballots thead")).contains("Explanation of vote");
        assertThat(delegate.text("#ballots tr[data-state=PHL]")).contains("Philippines", "Labour mobility " + cid);
        assertThat(delegate.text("#ballots tr[data-state=PHL] .explanation")).isEqualTo(PHILIPPINES);
        assertThat(delegate.text("#ballots tr[data-state=KEN]")).contains("Kenya", "Abstention");
        assertThat(delegate.text("#ballots tr[data-state=KEN] .explanation")).isEqualTo(KENYA);
        delegate.screenshot("explanation-2-published");
        delegate.signOut();
    }
}
