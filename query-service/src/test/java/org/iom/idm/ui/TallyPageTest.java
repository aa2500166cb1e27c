package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.Phase;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tally page tells whoever may not see the count why, and holds no count, no choice and no stream for them. */
class TallyPageTest extends WebUiPageTestSupport {

    private static final String FIRST = "Diasporas and development";
    private static final String SECOND = "Sustainable return";

    @Test
    void whileVotingRunsAnObserverAndADelegateGetASealedPageAndTheChairAndTheSecretariatTheCount() throws Exception {
        String cid = voting("sealed");

        for (Object[] reader : new Object[][]{{"observer", Role.OBSERVER, null}, {"delegate-phl", Role.DELEGATE, "PHL"}}) {
            String html = sealed(page((String) reader[0], (Role) reader[1], (String) reader[2], tallyPage(cid)));
            assertThat(html).contains("The results are sealed until voting closes.");
        }
        assertThat(page("delegate-phl", Role.DELEGATE, "PHL", tallyPage(cid)).getResponse().getContentAsString())
                .contains("href=\"/consultations/" + cid + "#ballot-heading\"");

        for (Object[] reader : new Object[][]{{"chair", Role.CHAIR}, {"secretariat", Role.SECRETARIAT}}) {
            String html = page((String) reader[0], (Role) reader[1], null, tallyPage(cid)).getResponse().getContentAsString();
            assertThat(html).contains("ballotsCast", "/tally/stream", FIRST, SECOND, "Abstention");
        }
    }

    @Test
    void aCancelledVotesTallyStaysSealedToEveryone() throws Exception {
        String cid = voting("cancelled");
        feed(cid, SECRETARIAT, new ConsultationCancelled(cid, Phase.VOTING, "Postponed to next year."));

        for (Object[] reader : new Object[][]{{"observer", Role.OBSERVER, null}, {"delegate-phl", Role.DELEGATE, "PHL"},
                {"chair", Role.CHAIR, null}, {"secretariat", Role.SECRETARIAT, null}}) {
            String html = sealed(page((String) reader[0], (Role) reader[1], (String) reader[2], tallyPage(cid)));
            assertThat(html).contains("This consultation was cancelled").doesNotContain("#ballot-heading");
        }
    }

    /** Two proposals, voting open, a ballot for the first (PHL) and an abstention (MEX), by accredited delegates. */
    private String voting(String name) {
        accreditDelegates("PHL", "MEX");
        String cid = newConsultationId(name);
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", FIRST, "Diasporas as partners.", "ADMINISTRATION"),
                new ProposalSubmitted(cid, "p2", SECOND, "Return that lasts.", "ADMINISTRATION"));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2));
        feed(cid, delegate("PHL"), new BallotCast(cid, "PHL", List.of("p1"), false));
        feed(cid, delegate("MEX"), new BallotCast(cid, "MEX", List.of(), true));
        return cid;
    }

    private static String sealed(MvcResult page) throws Exception {
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        String html = page.getResponse().getContentAsString();
        assertThat(html).doesNotContain("ballotsCast", "\"results\"", "data-tally", "/tally/stream", "tally.js",
                FIRST, SECOND, "Abstention", "id=\"chart\"", "id=\"ballots\"", "progressbar");
        return html;
    }

    private static String tallyPage(String cid) {
        return "/consultations/" + cid + "/tally";
    }
}
