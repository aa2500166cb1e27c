package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.Phase;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule 11 (CONTRACT §8) on the web UI: the consultation and proposal pages show the cancellation's and the
 * withdrawal's reasons, a hidden comment its reason but, to all but the secretariat, neither its text nor its
 * earlier texts, and an edited comment its earlier versions on demand, in English, French and Spanish.
 */
class ReasonsOnThePagesTest extends WebUiPageTestSupport {

    @Test
    void theConsultationPageShowsTheCancellationsAndEachWithdrawalsReason() throws Exception {
        String cid = newConsultationId("page-reasons");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Diasporas", "Summary", Proposer.ADMINISTRATION),
                new ProposalWithdrawn(cid, "p2", "Merged with the first proposal."),
                new ConsultationCancelled(cid, Phase.OPEN, "Tabled twice by mistake."));

        String english = html("observer", Role.OBSERVER, null, "/consultations/" + cid);
        assertThat(english).contains("Reason for cancellation", "Tabled twice by mistake.",
                "Withdrawn because: Merged with the first proposal.");
        assertThat(html("delegate-phl", Role.DELEGATE, "PHL", "/consultations/" + cid + "?lang=fr"))
                .contains("Retirée pour le motif suivant : Merged with the first proposal.",
                        "Tabled twice by mistake.");
        assertThat(html("chair", Role.CHAIR, null, "/consultations/" + cid + "?lang=es"))
                .contains("Motivo de la cancelación", "Retirada por este motivo: Merged with the first proposal.");
    }

    @Test
    void theProposalPageShowsTheWithdrawalsReason() throws Exception {
        String cid = newConsultationId("page-withdrawal");
        feed(cid, SECRETARIAT, created(cid));
        feed(cid, delegate("MEX"), new ProposalSubmitted(cid, "p1", "Diasporas", "Summary", "MEX"),
                new ProposalWithdrawn(cid, "p1", "Merged with the labour proposal."));

        assertThat(html("observer", Role.OBSERVER, null, "/consultations/" + cid + "/proposals/p1"))
                .contains("Reason for withdrawal", "Merged with the labour proposal.");
        assertThat(html("observer", Role.OBSERVER, null, "/consultations/" + cid + "/proposals/p1?lang=fr"))
                .contains("Motif du retrait");
    }

    @Test
    void anEditedCommentShowsItsEarlierVersionsToEveryReader() throws Exception {
        String cid = newConsultationId("page-history");
        String m1 = commentId(cid, "m1");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new CommentAdded(cid, "p1", m1, "delegate-phl", "PHL", "We suport it.", null),
                new CommentEdited(cid, "p1", m1, "We support it."),
                new CommentEdited(cid, "p1", m1, "We support it, with remittances."));

        String page = html("delegate-mex", Role.DELEGATE, "MEX", "/consultations/" + cid + "/proposals/p1");
        assertThat(page).contains("We support it, with remittances.", "edited", "Earlier versions (2)",
                "class=\"comment-history\"", "We suport it.", "We support it.");
        assertThat(page.indexOf("We suport it.")).as("the oldest version first")
                .isLessThan(page.indexOf("<p class=\"text\">We support it.</p>"));
        assertThat(html("observer", Role.OBSERVER, null, "/consultations/" + cid + "/proposals/p1?lang=es"))
                .contains("Versiones anteriores (2)");
    }

    @Test
    void aHiddenCommentShowsItsReasonToEveryReaderAndItsTextsToTheSecretariatOnly() throws Exception {
        String cid = newConsultationId("page-hidden");
        String m1 = commentId(cid, "m1");
        String path = "/consultations/" + cid + "/proposals/p1";
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", m1, "observer", null, "Cheap watches here.", null),
                new CommentEdited(cid, "p1", m1, "Cheap watches, today only."));
        feed(cid, SECRETARIAT, new CommentHidden(cid, "p1", m1, "Advertising."));

        for (Object[] reader : new Object[][]{{"observer", Role.OBSERVER, null}, {"chair", Role.CHAIR, null},
                {"delegate-phl", Role.DELEGATE, "PHL"}}) {
            String page = html((String) reader[0], (Role) reader[1], (String) reader[2], path);
            assertThat(page).as("%s", reader[0]).contains("Hidden because: Advertising.",
                    "This comment was hidden by the secretariat.").doesNotContain("Cheap watches");
        }
        assertThat(html("secretariat", Role.SECRETARIAT, null, path)).contains("Hidden because: Advertising.",
                "Cheap watches, today only.", "Cheap watches here.");
    }

    private String html(String user, Role role, String memberState, String path) throws Exception {
        MvcResult page = page(user, role, memberState, path);
        String html = page.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page.getResponse().getStatus()).as("%s as %s: %s", path, user, html).isEqualTo(200);
        return html;
    }
}
