package org.iom.idm.system;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One person's browser: Debian's Chromium, headless, driven through Debian's ChromeDriver. Both paths are given
 * to Selenium, so its manager never looks for (or downloads) a browser or a driver; without them the test fails.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("idm.browser.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("idm.browser.chromedriver",
            "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("idm.system-tests.screenshots",
            "target/screenshots"));
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    static final Dimension DESKTOP = new Dimension(1280, 1000);
    static final Dimension PHONE = new Dimension(375, 812);

    private final URI base;
    private final ChromeDriver driver;
    private final Path profile;

    Browser(URI base, String language) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        }
        this.base = base;
        try {
            this.profile = Files.createTempDirectory("idm-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--lang=" + language,
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
    }

    Browser open(String path) {
        driver.get(base.resolve(path).toString());
        return this;
    }

    Browser signIn(String user) {
        open("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD);
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
        return this;
    }

    Browser signOut() {
        driver.findElement(By.cssSelector(".who button")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        return this;
    }

    WebElement find(String css) {
        return waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Types into a form field, found by its visible label's target id. */
    Browser type(String id, String text) {
        WebElement field = find("#" + id);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    Browser click(String css) {
        waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
        return this;
    }

    /** Submits a form of the page and waits until the page it leads to (or the same, reloaded) is there. */
    Browser submitAndAwaitNewPage(String formCss) {
        return submitAndAwaitNewPage(formCss, false);
    }

    /** Submits a form that asks for confirmation first, confirms, and waits for the page it leads to. */
    Browser submitConfirmAndAwaitNewPage(String formCss) {
        return submitAndAwaitNewPage(formCss, true);
    }

    private Browser submitAndAwaitNewPage(String formCss, boolean confirming) {
        markThisPage();
        click(formCss + " button[type=submit]");
        if (confirming) {
            confirm();
        }
        awaitNextPage();
        return this;
    }

    /** How many pixels the page is wider than the window; 0 where it fits (a phone must not scroll sideways). */
    long sidewaysOverflow() {
        return ((Number) script("return Math.max(0, document.documentElement.scrollWidth - window.innerWidth);"))
                .longValue();
    }

    /**
     * A mark on this document that the next one will not have: waiting for it to go is immune to element
     * references that the driver can no longer resolve while the page is being replaced.
     */
    void markThisPage() {
        script("window.idmOldPage = true;");
    }

    void awaitNextPage() {
        waitFor(d -> {
            try {
                return Boolean.TRUE.equals(script(
                        "return window.idmOldPage !== true && document.readyState === 'complete';")) ? true : null;
            } catch (WebDriverException replacing) {
                return null;
            }
        });
    }

    /** Answers the page's confirmation dialog (an irreversible action) with its confirm button. */
    Browser confirm() {
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open] #confirm-ok"))).click();
        return this;
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).until(condition);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    /** Saves what the browser shows now as target/screenshots/{name}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the browser shows as {name}-desktop.png and, 375 pixels wide, as {name}-phone.png. */
    void screenshotsAtBothWidths(String name) {
        screenshot(name + "-desktop");
        resize(PHONE);
        try {
            screenshot(name + "-phone");
        } finally {
            resize(DESKTOP);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary profile is harmless
        }
    }
}
