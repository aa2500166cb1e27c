package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** Issue 17: a double click or a retry of a form posts once, by the key the form was given with the page. */
    @Test
    void everyFormThatPostsCarriesAKeyOfItsOwnMadeAnewWithEachPage() throws Exception {
        String cid = newConsultationId("form-keys");
        feed(cid, SECRETARIAT, created(cid));
        feed(cid, SECRETARIAT, new ProposalSubmitted(cid, "p1", "Diaspora", "Engaging diasporas",
                Proposer.ADMINISTRATION));
        feed(cid, delegate("MEX"), new CommentAdded(cid, "p1", commentId(cid, "m1"), "delegate-mex", "MEX",
                "Mexico supports this.", null));
        String path = "/consultations/" + cid + "/proposals/p1";

        List<String> forms = apiForms(page("secretariat", Role.SECRETARIAT, null, path));
        List<String> keys = postingFormKeys(forms);
        List<String> again = postingFormKeys(apiForms(page("secretariat", Role.SECRETARIAT, null, path)));

        assertThat(keys).as("the posting forms' keys (comment, reply, hide, withdraw)").hasSizeGreaterThanOrEqualTo(4)
                .allMatch(key -> key.matches("[0-9a-f-]{36}")).doesNotHaveDuplicates();
        assertThat(again).hasSameSizeAs(keys).doesNotContainAnyElementsOf(keys);
        assertThat(forms).filteredOn(form -> form.contains("data-method=\"PUT\""))
                .as("the forms that put, idempotent by themselves").isNotEmpty()
                .noneMatch(form -> form.contains("data-idempotency-key"));
    }

    private static List<String> apiForms(MvcResult page) throws Exception {
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        Matcher forms = Pattern.compile("<form\\b[^>]*data-api[^>]*>").matcher(page.getResponse().getContentAsString());
        List<String> found = new ArrayList<>();
        while (forms.find()) {
            found.add(forms.group());
        }
        return found;
    }

    private static List<String> postingFormKeys(List<String> forms) {
        return forms.stream().filter(form -> !form.contains("data-method=\"PUT\"")).map(ProposalPageTest::key).toList();
    }

    private static String key(String form) {
        Matcher key = Pattern.compile("data-idempotency-key=\"([^\"]*)\"").matcher(form);
        assertThat(key.find()).as("a key on %s", form).isTrue();
        return key.group(1);
    }
}
