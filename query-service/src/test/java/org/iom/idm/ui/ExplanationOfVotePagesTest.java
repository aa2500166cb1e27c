package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The web UI and CONTRACT §8 rule 9: the ballot form has an explanation field; while voting runs a state reads its
 * own explanation and only the chair and the secretariat read the others' (on the live tally, with the ballots);
 * once voting has closed the tally page lists every state's explanation with its recorded vote.
 */
class ExplanationOfVotePagesTest extends WebUiPageTestSupport {

    private static final String PHILIPPINES = "Our workers go South: we vote for South-South migration.";
    private static final String KENYA = "Kenya abstains until the themes are merged.";

    /** The consultations this test left voting, closed after it: an open vote shows on every delegate's page. */
    private final List<String> voting = new ArrayList<>();

    @AfterEach
    void closeVoting() {
        voting.forEach(cid -> feed(cid, CHAIR, new VotingClosed(cid, 2, 1, 2, true)));
    }

    @Test
    void theBallotFormHasAnOptionalLabelledExplanationFieldHoldingTheStatesExplanation() throws Exception {
        String cid = voting("explanation-form");

        String phl = html(page("delegate-phl", Role.DELEGATE, "PHL", "/consultations/" + cid));
        assertThat(phl).contains("<label for=\"explanation\">Explanation of vote (optional)</label>")
                .contains("id=\"explanation\" name=\"explanation\"")
                .contains("data-error-for=\"explanation\"")
                .contains("id=\"my-ballot-explanation\"")
                .contains(PHILIPPINES)
                .doesNotContain(KENYA);
        String mex = html(page("delegate-mex", Role.DELEGATE, "MEX", "/consultations/" + cid));
        assertThat(mex).contains("id=\"explanation\"").doesNotContain(PHILIPPINES, KENYA, "my-ballot-explanation");
    }

    @Test
    void whileVotingOnlyTheChairAndTheSecretariatReadOtherStatesExplanations() throws Exception {
        String cid = voting("explanation-sealed");

        for (Object[] reader : new Object[][]{{"observer", Role.OBSERVER, null}, {"delegate-mex", Role.DELEGATE, "MEX"},
                {"delegate-phl", Role.DELEGATE, "PHL"}}) {
            String role = (String) reader[0];
            for (String path : List.of("/consultations/" + cid + "/tally", "/consultations/" + cid)) {
                String html = html(page(role, (Role) reader[1], (String) reader[2], path));
                assertThat(html).as(role + " " + path).doesNotContain(KENYA, "Explanation of vote</th>");
                if (!role.equals("delegate-phl")) {
                    assertThat(html).as(role + " " + path).doesNotContain(PHILIPPINES);
                }
            }
        }
        for (Object[] reader : new Object[][]{{"chair", Role.CHAIR}, {"secretariat", Role.SECRETARIAT}}) {
            String html = html(page((String) reader[0], (Role) reader[1], null, "/consultations/" + cid + "/tally"));
            assertThat(html).contains("Explanation of vote</th>", PHILIPPINES, KENYA);
        }
    }

    @Test
    void afterVotingClosesTheTallyListsEveryStatesExplanationWithItsVote() throws Exception {
        String cid = voting("explanation-published");
        feed(cid, CHAIR, new VotingClosed(cid, 2, 1, 2, true));
        voting.remove(cid);

        String html = html(page("observer", Role.OBSERVER, null, "/consultations/" + cid + "/tally"));

        assertThat(html).contains("Explanation of vote</th>", PHILIPPINES, KENYA);
        String french = html(mvc.perform(asBrowser(get("/consultations/" + cid + "/tally"), "observer",
                Role.OBSERVER, null).header("Accept-Language", "fr")).andReturn());
        assertThat(french).contains("Explication de vote</th>", PHILIPPINES, KENYA);
    }

    /**
     * One proposal, voting open; the Philippines vote for it with an explanation, Kenya abstains with one. The
     * delegates of these states and of Mexico are accredited.
     */
    private String voting(String name) {
        accreditDelegates("PHL", "KEN", "MEX");
        String cid = newConsultationId(name);
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Between southern countries.",
                        "ADMINISTRATION"));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2));
        feed(cid, delegate("PHL"), new BallotCast(cid, "PHL", List.of("p1"), false, PHILIPPINES, Map.of("p1", 1)));
        feed(cid, delegate("KEN"), new BallotCast(cid, "KEN", List.of(), true, KENYA, Map.of()));
        voting.add(cid);
        return cid;
    }

    private static String html(MvcResult page) throws Exception {
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        return page.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
