package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tests that walk the main pages of the web UI in one English-speaking browser, about a consultation in voting. */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebUiPagesTest {

    protected WebUiPages.Voting voting;
    protected Browser browser;

    @BeforeAll
    void prepare(SystemUnderTest system) {
        voting = WebUiPages.consultationInVoting(system.api());
        browser = new Browser(system.api().queryService(), "en");
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
        }
    }
}
