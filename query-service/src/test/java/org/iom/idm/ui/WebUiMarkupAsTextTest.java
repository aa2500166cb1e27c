package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input proven harmless on the pages (issue 15): a script and HTML tags in a comment, its earlier version,
 * a proposal's title and summary are shown as the text that was typed, never run or rendered as markup.
 */
class WebUiMarkupAsTextTest extends WebUiPageTestSupport {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String BOLD = "<b>bold</b>";
    private static final String IMAGE = "<img src=x onerror=alert(2)>";

    @Test
    void aCommentWithAScriptAndAnHtmlTagIsShownAsText() throws Exception {
        String cid = newConsultationId("page-markup");
        String m1 = commentId(cid, "m1");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "Labour " + IMAGE, "Why " + BOLD, Proposer.ADMINISTRATION));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", m1, "observer", null, "First " + BOLD, null),
                new CommentEdited(cid, "p1", m1, "Look " + SCRIPT + " and " + BOLD));

        String page = html("/consultations/" + cid + "/proposals/p1");

        assertThat(page).contains("Look &lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;",
                "First &lt;b&gt;bold&lt;/b&gt;", "Why &lt;b&gt;bold&lt;/b&gt;",
                "Labour &lt;img src=x onerror=alert(2)&gt;");
        assertThat(page).doesNotContain(SCRIPT, BOLD, IMAGE, "alert(1)</script>");
    }

    @Test
    void aProposalTitleWithMarkupIsShownAsTextOnTheConsultationPage() throws Exception {
        String cid = newConsultationId("page-markup-title");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", SCRIPT + " " + BOLD, "Summary", Proposer.ADMINISTRATION));

        String page = html("/consultations/" + cid);

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;")
                .doesNotContain(SCRIPT, BOLD);
    }

    private String html(String path) throws Exception {
        MvcResult page = page("observer", Role.OBSERVER, null, path);
        String html = page.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page.getResponse().getStatus()).as("%s: %s", path, html).isEqualTo(200);
        return html;
    }
}
