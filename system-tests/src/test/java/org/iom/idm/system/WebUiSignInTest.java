package org.iom.idm.system;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Cookie;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in leads back to the page that asked for it: after a plain visit, a failed attempt, an expired sign-in. */
@ExtendWith(SystemUnderTestExtension.class)
class WebUiSignInTest {

    private static final String PROPOSAL_PAGE = "/consultations/idm-2010-theme/proposals/south-south-migration";

    private Browser browser;

    @BeforeEach
    void openBrowser(SystemUnderTest system) {
        browser = new Browser(system.api().queryService(), "en");
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aSignedOutBrowserThatOpensAProposalLandsOnItAfterSigningInEvenAfterAWrongPassword() {
        browser.open(PROPOSAL_PAGE + "?lang=en");
        assertThat(browser.path()).isEqualTo("/login");

        signInHere("delegate-phl", "not-the-" + Api.PASSWORD);
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.text(".notice")).isEqualTo("The user name or the password is wrong.");
        signInHere("delegate-phl", Api.PASSWORD);

        assertThat(addressShown()).isEqualTo(PROPOSAL_PAGE + "?lang=en");
        assertThat(browser.text("h1")).isEqualTo("South-South Migration");
        assertThat(browser.text("#signed-in-as")).contains("delegate-phl");
        browser.screenshot("sign-in-return-desktop");
    }

    @Test
    void aSignInThatNoLongerHoldsAlsoLeadsBackToTheAskedPage() {
        browser.open("/login");
        browser.driver().manage().addCookie(new Cookie("idm_session", "a-sign-in-that-has-expired"));

        browser.open(PROPOSAL_PAGE);
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.text(".notice")).isEqualTo("Your sign-in has expired. Please sign in again.");
        signInHere("observer", Api.PASSWORD);

        assertThat(addressShown()).isEqualTo(PROPOSAL_PAGE);
    }

    @Test
    void onAPhoneTheSignInPageFitsAndLeadsBack() {
        browser.resize(Browser.PHONE);
        browser.open(PROPOSAL_PAGE);
        assertFitsTheScreen();
        browser.screenshot("sign-in-return-phone");

        signInHere("delegate-mex", Api.PASSWORD);

        assertThat(addressShown()).isEqualTo(PROPOSAL_PAGE);
        assertFitsTheScreen();
    }

    private void signInHere(String user, String password) {
        browser.type("username", user).type("password", password).submitAndAwaitNewPage("main form");
    }

    private String addressShown() {
        URI shown = URI.create(browser.driver().getCurrentUrl());
        return shown.getRawPath() + (shown.getRawQuery() == null ? "" : "?" + shown.getRawQuery());
    }

    private void assertFitsTheScreen() {
        assertThat(browser.sidewaysOverflow()).as("pixels beyond the screen").isZero();
    }
}
