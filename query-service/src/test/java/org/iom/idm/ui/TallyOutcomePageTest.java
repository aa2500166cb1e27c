package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.MajorityRule;
import org.iom.idm.consultation.Procedure;
import org.iom.idm.consultation.TieBreak;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tally page states the outcome under the declared rule, and the chair acts from it (CONTRACT §8, rule 10). */
class TallyOutcomePageTest extends WebUiPageTestSupport {

    private static final String FIRST = "Diasporas and development";
    private static final String SECOND = "Sustainable return";

    @Test
    void theDecisionFormStartsFromTheAdoptedProposal() throws Exception {
        String cid = closed("adopted", TieBreak.CHAIR, "p2", "p2", "p1");

        String html = html("chair", Role.CHAIR, "/consultations/" + cid + "/tally");

        assertThat(html).contains("Outcome (Simple majority (more than half))", "Adopted: " + SECOND,
                "id=\"record-decision\"").doesNotContain("id=\"open-runoff\"");
        assertThat(html).containsPattern("value=\"p2\" id=\"select-p2\"\\s+checked");
        assertThat(html).doesNotContainPattern("value=\"p1\" id=\"select-p1\"\\s+checked");
    }

    @Test
    void underARunoffTieBreakTheChairOpensTheNextRoundInsteadOfDeciding() throws Exception {
        String cid = closed("no-majority", TieBreak.RUNOFF, "p1", "p2");

        String html = html("chair", Role.CHAIR, "/consultations/" + cid + "/tally");
        assertThat(html).contains("No proposal reached the majority.", "id=\"open-runoff\"", "Open round 2")
                .doesNotContain("id=\"record-decision\"");
        assertThat(html("observer", Role.OBSERVER, "/consultations/" + cid + "/tally"))
                .contains("No proposal reached the majority.").doesNotContain("id=\"open-runoff\"");
    }

    @Test
    void anEarlierRoundStaysReadableWhileTheRunoffIsSealed() throws Exception {
        String cid = closed("rounds", TieBreak.RUNOFF, "p1", "p2");
        feed(cid, CHAIR, new RunoffOpened(cid, 2, List.of("p1", "p2"), List.of(), 3, 2));

        String first = html("observer", Role.OBSERVER, "/consultations/" + cid + "/tally?round=1");
        assertThat(first).contains("Round 1", "Round 2", "No proposal reached the majority.", "data-state=\"PHL\"");
        assertThat(html("observer", Role.OBSERVER, "/consultations/" + cid + "/tally"))
                .contains("The results are sealed until voting closes.").doesNotContain("data-state=\"PHL\"");
        assertThat(html("delegate-phl", Role.DELEGATE, "PHL", "/consultations/" + cid))
                .contains("id=\"choice-p1\"", "id=\"choice-p2\"").doesNotContain("id=\"choice-p3\"");
    }

    /**
     * Three proposals under a simple majority, one seat; the accredited delegates of PHL, MEX and SEN vote for
     * {@code choices} in turn.
     */
    private String closed(String name, TieBreak tieBreak, String... choices) {
        accreditDelegates("PHL", "MEX", "SEN");
        String cid = newConsultationId(name);
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme", "Which theme?", null, 1, null, null,
                        Procedure.RECORDED_VOTE, MajorityRule.SIMPLE, tieBreak, null),
                new ProposalSubmitted(cid, "p1", FIRST, "Diasporas as partners.", "ADMINISTRATION"),
                new ProposalSubmitted(cid, "p2", SECOND, "Return that lasts.", "ADMINISTRATION"),
                new ProposalSubmitted(cid, "p3", "Labour mobility", "Skills.", "ADMINISTRATION"));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2));
        List<String> states = List.of("PHL", "MEX", "SEN");
        for (int i = 0; i < choices.length; i++) {
            feed(cid, delegate(states.get(i)), new BallotCast(cid, states.get(i), List.of(choices[i]), false));
        }
        feed(cid, CHAIR, new VotingClosed(cid, choices.length, 0, 2, choices.length >= 2));
        return cid;
    }

    private String html(String user, Role role, String path) throws Exception {
        return html(user, role, null, path);
    }

    private String html(String user, Role role, String memberState, String path) throws Exception {
        return page(user, role, memberState, path).getResponse().getContentAsString();
    }
}
