package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
/**
 * Issue 17 in a real browser: the comment form submitted twice at once (a double click that got through) sends two
 * requests with the key the form was given with the page, and one comment is made.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiDoubleSubmitTest {

    /** Counts the page's posts in the tab's session storage, which outlives the reload that follows a comment. */
    private static final String COUNT_POSTS = """
            const send = window.fetch;
            window.fetch = (url, options) => {
                if (options && options.method === 'POST') {
                    sessionStorage.setItem('idmPosts', String(Number(sessionStorage.getItem('idmPosts') || 0) + 1));
                }
                return send(url, options);
            };""";

    private Api api;
    private Browser delegate;

    @BeforeAll
    void prepare(Api api) {
        this.api = api;
        delegate = new Browser(api.queryService(), "en").signIn("delegate-gha");
    }

    @AfterAll
    void close() {
        if (delegate != null) {
            delegate.close();
        }
    }

    @Test
    void aCommentFormSubmittedTwiceAtOnceMakesOneComment() {
        String page = api.proposalOfANewConsultation("double", "Migration and Social Change",
                "How migration changes societies.");
        String text = "Ghana supports this, once " + UUID.randomUUID();

        delegate.open(page).type("comment-text", text);
        delegate.script("sessionStorage.removeItem('idmPosts');" + COUNT_POSTS);
        delegate.markThisPage();
        delegate.script("const form = document.getElementById('add-comment'); form.requestSubmit(); form.requestSubmit();");
        delegate.awaitNextPage();

        assertThat(delegate.script("return sessionStorage.getItem('idmPosts');")).as("posts the page sent")
                .isEqualTo("2");
        JsonNode proposal = api.awaitRead("observer", "/api" + page, read -> !textsOf(read, text).isEmpty());
        assertThat(textsOf(proposal, text)).as("comments with the text").hasSize(1);
        assertThat(delegate.all(".comment .text")).filteredOn(shown -> shown.getText().equals(text)).hasSize(1);
    }

    private static List<String> textsOf(JsonNode proposal, String text) {
        List<String> found = new ArrayList<>();
        proposal.path("comments").forEach(comment -> {
            if (text.equals(comment.path("text").asString())) {
                found.add(comment.path("id").asString());
            }
        });
        return found;
    }
}
