package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The proposal page with its comment thread, as every role reads it. */
class ProposalPageTest extends WebUiPageTestSupport {

    @Test
    void aProposalWhoseCommentsHaveRepliesThreeDeepIsReadableByEveryRole() throws Exception {
        String cid = newConsultationId("replies");
        String m1 = commentId(cid, "m1");
        String m2 = commentId(cid, "m2");
        String m3 = commentId(cid, "m3");
        feed(cid, SECRETARIAT, created(cid));
        feed(cid, delegate("PHL"), new ProposalSubmitted(cid, "p1", "Diaspora", "Engaging diasporas", "PHL"));
        feed(cid, delegate("MEX"), new CommentAdded(cid, "p1", m1, "delegate-mex", "MEX", "Mexico supports this.", null));
        feed(cid, delegate("KEN"), new CommentAdded(cid, "p1", m2, "delegate-ken", "KEN", "Kenya asks how.", m1));
        feed(cid, delegate("MEX"), new CommentAdded(cid, "p1", m3, "delegate-mex", "MEX", "Through partnerships.", m2));

        for (Object[] reader : new Object[][]{{"observer", Role.OBSERVER, null}, {"secretariat", Role.SECRETARIAT, null},
                {"chair", Role.CHAIR, null}, {"delegate-phl", Role.DELEGATE, "PHL"}}) {
            MvcResult page = page((String) reader[0], (Role) reader[1], (String) reader[2],
                    "/consultations/" + cid + "/proposals/p1");

            assertThat(page.getResponse().getStatus()).as("for %s", reader[0]).isEqualTo(200);
            assertThat(page.getResponse().getContentType()).startsWith("text/html");
            String html = page.getResponse().getContentAsString();
            assertThat(html).contains("Mexico supports this.", "Kenya asks how.", "Through partnerships.");
            assertThat(html.indexOf("id=\"comment-" + m3 + "\""))
                    .as("the third reply is nested inside the second").isGreaterThan(html.indexOf("id=\"comment-" + m2 + "\""));
        }
    }
}
