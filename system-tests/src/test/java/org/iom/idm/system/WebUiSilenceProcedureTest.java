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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §8 rule 8 in a real browser, in French, through the language switch: the secretariat creates a
 * consultation under the silence procedure with a recorded vote as fallback; the chair circulates a draft with a
 * deadline typed in Geneva time; a delegate breaks silence with a reason; the chair circulates a revised draft due a
 * few seconds later; the deadline passes unbroken and the page shows the decision the system took. Each step leaves a
 * screenshot under target/screenshots.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiSilenceProcedureTest {

    private static final ZoneId GENEVA = ZoneId.of("Europe/Zurich");
    private static final DateTimeFormatter TYPED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String FIRST_DRAFT = "La Conférence retient la migration Sud-Sud comme thème du Dialogue.";
    private static final String REASON = "Le projet omet les envois de fonds, essentiels pour les Philippines.";
    private static final String REVISED_DRAFT = "La Conférence retient les diasporas et les envois de fonds comme thème.";

    private final String cid = "silence-" + UUID.randomUUID().toString().substring(0, 8);
    private final Properties french = WebUiPages.messages("_fr");
    private Api api;
    private Browser secretariat;
    private Browser chair;
    private Browser delegate;
    private String southSouth;
    private String diasporas;

    @BeforeAll
    void openBrowsers(SystemUnderTest system) {
        api = system.api();
        secretariat = inFrench("secretariat");
        chair = inFrench("chair");
        delegate = inFrench("delegate-phl");
    }

    @AfterAll
    void closeBrowsers() {
        for (Browser browser : new Browser[]{secretariat, chair, delegate}) {
            if (browser != null) {
                browser.close();
            }
        }
    }

    @Test
    @Order(1)
    void theSecretariatCreatesASilenceProcedureWithARecordedVoteAsFallback() {
        secretariat.open("/consultations").click("#create summary")
                .type("c-title", "Thème du Dialogue, procédure d'approbation tacite " + cid)
                .type("c-question", "Quel thème le Dialogue international retient-il ?")
                .type("c-id", cid);
        new Select(secretariat.find("#c-procedure")).selectByValue("SILENCE");
        new Select(secretariat.find("#c-fallback")).selectByValue("RECORDED_VOTE");
        secretariat.screenshot("silence-1-create-form-fr");
        secretariat.submitAndAwaitNewPage("#create-consultation");

        assertThat(secretariat.path()).isEqualTo("/consultations/" + cid);
        assertThat(secretariat.text("#phase")).isEqualTo("Ouverte");
        assertThat(secretariat.text("#procedure")).isEqualTo(french.getProperty("procedure.SILENCE"));
        assertThat(secretariat.text("#fallback")).isEqualTo("Vote enregistré");
        JsonNode created = api.read("observer", "/api/consultations/" + cid).json();
        assertThat(created.path("procedure").asText()).isEqualTo("SILENCE");
        assertThat(created.path("fallback").asText()).isEqualTo("RECORDED_VOTE");
        secretariat.screenshot("silence-1-created-fr");

        southSouth = RichScenario.propose(api, "secretariat", cid, "Migration Sud-Sud " + cid, "Entre pays du Sud.");
        diasporas = RichScenario.propose(api, "delegate-phl", cid, "Diasporas et envois de fonds " + cid,
                "Les diasporas comme partenaires du développement.");
        api.awaitRead("observer", "/api/consultations/" + cid, json -> json.path("proposals").size() == 2);
    }

    @Test
    @Order(2)
    void theChairCirculatesADraftWithADeadlineTypedInGenevaTime() {
        LocalDateTime deadline = LocalDateTime.now(GENEVA).plusHours(2).truncatedTo(ChronoUnit.SECONDS);
        chair.open("/consultations/" + cid);
        assertThat(chair.all("#open-voting")).as("no vote before silence is broken").isEmpty();
        assertThat(chair.text("#circulate-heading")).isEqualTo("Diffuser un projet de décision");

        chair.click("#circulate-" + southSouth).type("circulate-text", FIRST_DRAFT);
        typeDeadline(chair, deadline);
        assertThat(chair.text("[data-preview-of=circulate-deadline]")).startsWith("votre heure");
        assertReadableAndLabelled(chair);
        chair.screenshot("silence-2-circulate-form-fr");
        chair.submitConfirmAndAwaitNewPage("#circulate-draft");

        assertThat(chair.text("#flash")).isEqualTo("Le projet de décision est en circulation.");
        assertThat(chair.text("#phase")).isEqualTo("Projet en circulation");
        assertThat(chair.text("#circulation .draft-text")).isEqualTo(FIRST_DRAFT);
        assertThat(chair.text("#circulation .draft-selected")).isEqualTo("Migration Sud-Sud " + cid);
        assertThat(chair.find("#circulation .draft-selected a").getAttribute("href"))
                .endsWith("/consultations/" + cid + "/proposals/" + southSouth);
        assertThat(chair.text("#circulation .draft-deadline time"))
                .isEqualTo(deadline.format(SHOWN) + " (heure de Genève)");
        assertThat(chair.text("#circulation .draft-deadline .local-time")).startsWith("votre heure");
        assertThat(chair.text("#circulation .countdown")).startsWith("Temps restant").contains(":");
        assertThat(chair.text("#silence-status")).contains("ce projet devient la décision");
        assertThat(chair.text("#circulation .silence-kept")).isEqualTo("Aucun État membre n'a rompu le silence sur ce projet.");
        JsonNode circulation = api.read("observer", "/api/consultations/" + cid).json().path("circulation");
        assertThat(Instant.parse(circulation.path("deadline").asText()))
                .as("the Geneva wall time, sent as the UTC instant it is").isEqualTo(deadline.atZone(GENEVA).toInstant());
        assertThat(chair.all("#circulate-draft")).as("no second draft while one circulates").isEmpty();
        chair.screenshot("silence-2-circulated-fr");
    }

    @Test
    @Order(3)
    void aDelegateBreaksSilenceWithAReasonThatEveryoneReads() {
        delegate.open("/consultations/" + cid);
        assertThat(delegate.text("#break-heading")).isEqualTo("Philippines : rompre le silence");
        assertThat(delegate.text("#circulation .countdown")).startsWith("Temps restant");
        delegate.type("break-reason", REASON);
        assertReadableAndLabelled(delegate);
        delegate.screenshot("silence-3-break-form-fr");
        delegate.submitConfirmAndAwaitNewPage("#break-silence");

        assertThat(delegate.text("#flash")).isEqualTo("Votre État a rompu le silence sur le projet.");
        assertThat(delegate.text("#phase")).isEqualTo("Silence rompu");
        String entry = "#circulation .silence-breaks li[data-state=PHL]";
        assertThat(delegate.text(entry)).contains("Philippines (PHL) a rompu le silence").contains(REASON);
        assertThat(delegate.text("#you-broke-silence")).isEqualTo("Votre État a rompu le silence sur ce projet.");
        assertThat(delegate.all("#break-silence")).as("one break per state and draft").isEmpty();
        delegate.screenshot("silence-3-broken-fr");

        secretariat.open("/consultations/" + cid);
        assertThat(secretariat.text(entry)).contains("PHL").contains(REASON);
    }

    @Test
    @Order(4)
    void theChairMayOpenTheFallbackVoteButCirculatesARevisedDraftDueInAFewSeconds() {
        chair.open("/consultations/" + cid);
        assertThat(chair.text("#silence-status")).contains("procédure de repli");
        assertThat(chair.text("#fallback-hint"))
                .isEqualTo("Le silence a été rompu : cette consultation a prévu un vote enregistré comme procédure de repli.");
        assertThat(chair.find("#open-voting button").getText()).isEqualTo("Ouvrir le vote");
        assertThat(chair.text("#circulate-heading")).isEqualTo("Diffuser un projet révisé");
        assertThat(chair.find("#circulate-text").getAttribute("value")).as("the draft to revise").isEqualTo(FIRST_DRAFT);

        chair.click("#circulate-" + diasporas).type("circulate-text", REVISED_DRAFT);
        LocalDateTime deadline = LocalDateTime.now(GENEVA).plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        typeDeadline(chair, deadline);
        chair.submitConfirmAndAwaitNewPage("#circulate-draft");

        assertThat(chair.text("#phase")).isEqualTo("Projet en circulation");
        assertThat(chair.text("#circulation .draft h3")).isEqualTo("Projet de décision nº 2");
        assertThat(chair.text("#circulation .draft-text")).isEqualTo(REVISED_DRAFT);
        assertThat(chair.text("#circulation .draft-selected")).isEqualTo("Diasporas et envois de fonds " + cid);
        chair.click("#earlier-drafts summary");
        String earlier = chair.text("#earlier-drafts");
        assertThat(earlier).contains("Projets précédents (1)", "Projet de décision nº 1", FIRST_DRAFT,
                "Philippines (PHL) a rompu le silence", REASON);
        assertThat(chair.all("#open-voting")).as("no vote while the revised draft circulates").isEmpty();
        assertReadableAndLabelled(chair);
        chair.screenshot("silence-4-recirculated-fr");
    }

    @Test
    @Order(5)
    void whenTheDeadlinePassesUnbrokenThePageShowsTheDecisionTheSystemTook() {
        chair.waitFor(d -> chair.text("#circulation .countdown").startsWith("Le délai est écoulé") ? true : null);
        chair.screenshot("silence-5-deadline-passed-fr");
        Await.until("the system's decision on the page", Duration.ofSeconds(30), () -> {
            chair.open("/consultations/" + cid);
            return chair.text("#phase").equals("Décidée");
        });

        assertThat(chair.text(".decision")).contains("Diasporas et envois de fonds " + cid)
                .contains("Le système (à l'heure prévue)");
        assertThat(chair.text("#decision-by-silence")).isEqualTo("Aucun État membre n'a rompu le silence sur le "
                + "projet nº 2 avant son délai : le système l'a enregistré comme décision.");
        assertThat(chair.text("#silence-status")).isEqualTo("Le silence a été gardé jusqu'au délai : le projet est devenu la décision.");
        assertThat(chair.all("#circulation .countdown")).isEmpty();
        assertThat(chair.all("a[href$='/tally']")).as("no vote was held, so no tally").isEmpty();
        JsonNode decided = api.read("observer", "/api/consultations/" + cid).json();
        assertThat(decided.path("decision").path("decidedBy").asText()).isEqualTo("system");
        assertThat(decided.path("decision").path("selected").get(0).asText()).isEqualTo(diasporas);
        assertReadableAndLabelled(chair);
        chair.screenshot("silence-5-decided-fr");

        delegate.open("/consultations?lang=fr");
        assertThat(delegate.text("#consultations tr[data-consultation='" + cid + "'] .phase")).isEqualTo("Décidée");
    }

    /** As the main pages are (WebUiAccessibilityTest): every field labelled, every text of enough contrast. */
    private static void assertReadableAndLabelled(Browser browser) {
        assertThat((List<?>) browser.script(WebUiAccessibilityTest.UNLABELLED)).as("unlabelled fields").isEmpty();
        assertThat((List<?>) browser.script(WebUiAccessibilityTest.LOW_CONTRAST, WebUiAccessibilityTest.MIN_CONTRAST))
                .as("texts of too little contrast").isEmpty();
    }

    /** A browser signed in as {@code user} that has switched the web UI to French with the language links. */
    private Browser inFrench(String user) {
        Browser browser = new Browser(api.queryService(), "en").signIn(user);
        browser.click("nav.languages a[lang='fr']");
        browser.waitFor(d -> "fr".equals(browser.script("return document.documentElement.lang;")) ? true : null);
        return browser;
    }

    /** Sets the deadline field to a Geneva wall time, as a browser's date picker would, seconds included. */
    private static void typeDeadline(Browser browser, LocalDateTime geneva) {
        browser.script("const field = document.getElementById('circulate-deadline'); field.value = arguments[0];"
                + "field.dispatchEvent(new Event('input', {bubbles: true}));", geneva.format(TYPED));
    }
}
