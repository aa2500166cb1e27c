package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input proven harmless in a real browser (issue 15): a delegate stores, through the comment form, a comment
 * holding a script and HTML tags; every reader's page shows it as the text it is, runs nothing and builds no element
 * from it.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiHostileTextTest {

    private static final String HOSTILE = "<script>window.hostileRan = true;</script> <b>bold</b> "
            + "<img src=x onerror=\"window.hostileRan = true\">";

    private Api api;
    private Browser delegate;
    private Browser observer;

    @BeforeAll
    void prepare(Api api) {
        this.api = api;
        delegate = new Browser(api.queryService(), "en").signIn("delegate-lka");
        observer = new Browser(api.queryService(), "en").signIn("observer");
    }

    @AfterAll
    void close() {
        if (delegate != null) {
            delegate.close();
        }
        if (observer != null) {
            observer.close();
        }
    }

    @Test
    void aCommentHoldingAScriptAndTagsIsShownAsTextAndRunsNothing() {
        String page = api.proposalOfANewConsultation("hostile", "South-South Migration",
                "Between southern countries.");

        delegate.open(page).type("comment-text", HOSTILE).submitAndAwaitNewPage("#add-comment");

        for (Browser reader : new Browser[]{delegate, observer}) {
            reader.open(page);
            WebElement text = reader.find(".comment .text");
            assertThat(text.getText()).isEqualTo(HOSTILE);
            assertThat(reader.all(".comment .text *")).as("elements built from the comment").isEmpty();
            assertThat(reader.all(".comment script, .comment b, .comment img")).isEmpty();
            assertThat(reader.script("return window.hostileRan === undefined")).isEqualTo(true);
        }
        observer.screenshot("hostile-text-comment");
    }
}
