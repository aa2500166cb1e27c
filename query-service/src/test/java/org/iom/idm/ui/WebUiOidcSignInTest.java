package org.iom.idm.ui;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile oidc in Debian's Chromium (CONTRACT §9): a signed-out visitor signs in at a real OpenID Connect issuer
 * (in this JVM) through the authorization code flow with PKCE, and lands signed in on the page it asked for, with
 * nothing of the sign-in kept on the server. The web UI is opened as 127.0.0.1 and the issuer answers as
 * localhost, two different sites, as an organisation's issuer is: the SameSite=Strict session cookie must still
 * arrive with the first page after the issuer's redirect.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "projection-test", "oidc"})
class WebUiOidcSignInTest {

    private static final String ISSUER = "idm-issuer";
    private static final String CLIENT_ID = "idm-web-ui";
    private static final Path CHROMIUM = Path.of(System.getProperty("idm.browser.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("idm.browser.chromedriver",
            "/usr/bin/chromedriver"));
    /** With its own sign-in form: the issuer's answer then follows a navigation that its own page started. */
    private static final MockOAuth2Server ISSUER_SERVER = new MockOAuth2Server(
            OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));

    static {
        ISSUER_SERVER.start();
    }

    @LocalServerPort
    private int port;
    private ChromeDriver browser;
    private Path profile;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry properties) {
        properties.add("idm.security.oidc.issuer-uri", () -> ISSUER_SERVER.issuerUrl(ISSUER).toString());
        properties.add("idm.security.oidc.audience", () -> "idm-api");
        properties.add("idm.security.oidc.client-id", () -> CLIENT_ID);
        properties.add("idm.security.oidc.client-secret", () -> "a-confidential-client");
        properties.add("idm.command-service.url", () -> CommandServiceStub.instance().uri().toString());
        // A database of its own: two contexts' processors on one database would each project every event into it.
        properties.add("spring.datasource.url", () -> "jdbc:h2:mem:query-oidc;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER_SERVER.shutdown();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("Debian's chromium and chromium-driver (%s, %s)", CHROMIUM, CHROMEDRIVER).isTrue();
        profile = Files.createTempDirectory("idm-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        browser.quit();
        try (var files = Files.walk(profile)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void theSignInGoesThroughTheIssuerWithPkceAndLandsSignedInOnThePageAskedFor() {
        browser.get(webUi("/member-states"));
        waitFor(ExpectedConditions.elementToBeClickable(By.id("sign-in-at-issuer"))).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.name("username"))).sendKeys("secretariat");
        browser.findElement(By.name("claims")).sendKeys("{\"roles\": [\"SECRETARIAT\"]}");
        browser.findElement(By.cssSelector("input[type=submit]")).click();
        String signedInAs = waitFor(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as"))).getText();

        assertThat(signedInAs).contains("secretariat");
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/member-states");
        Map<String, Cookie> cookies = browser.manage().getCookies().stream()
                .collect(Collectors.toMap(Cookie::getName, cookie -> cookie));
        assertThat(cookies.keySet()).as("no server-side session, no sign-in left under way")
                .containsExactly("idm_session");
        assertThat(cookies.get("idm_session").isHttpOnly()).isTrue();
        assertThat(cookies.get("idm_session").getSameSite()).isEqualTo("Strict");

        List<RecordedRequest> received = receivedByIssuer();
        RecordedRequest authorization = received.stream()
                .filter(request -> request.getRequestUrl().encodedPath().endsWith("/authorize")).findFirst()
                .orElseThrow();
        assertThat(authorization.getRequestUrl().queryParameter("response_type")).isEqualTo("code");
        assertThat(authorization.getRequestUrl().queryParameter("code_challenge")).isNotBlank();
        assertThat(authorization.getRequestUrl().queryParameter("code_challenge_method")).isEqualTo("S256");
        RecordedRequest tokenRequest = received.stream()
                .filter(request -> request.getRequestUrl().encodedPath().endsWith("/token")).findFirst().orElseThrow();
        assertThat(tokenRequest.getBody().readUtf8()).contains("grant_type=authorization_code", "code_verifier=");
    }

    private <T> T waitFor(ExpectedCondition<T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition);
    }

    private String webUi(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Every request the issuer has received so far, in order. */
    private static List<RecordedRequest> receivedByIssuer() {
        List<RecordedRequest> received = new ArrayList<>();
        while (true) {
            try {
                received.add(ISSUER_SERVER.takeRequest(0, TimeUnit.MILLISECONDS));
            } catch (RuntimeException noMoreWaiting) {
                return received;
            }
        }
    }
}
