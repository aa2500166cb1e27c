package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.membership.Capacity;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §9 in the web UI: a page offers a delegate only what its accreditation lets it do. The head of
 * delegation proposes, amends its state's proposals, votes and comments; an adviser only comments; a delegate
 * without a current accreditation reads only.
 */
class CapacityPagesTest extends WebUiPageTestSupport {

    private static final String HEAD = "delegate-cri";
    private static final String ADVISER = "alternate-cri";
    private static final String UNACCREDITED = "delegate-ecu";

    @Test
    void anOpenConsultationOffersProposingAmendingAndCommentingByCapacity() throws Exception {
        accredit();
        String cid = newConsultationId("capacity-open");
        feed(cid, SECRETARIAT, created(cid));
        feed(cid, delegate("CRI"), new ProposalSubmitted(cid, "p1", "Costa Rican theme", "From San José.", "CRI"));

        String head = html(page(HEAD, Role.DELEGATE, null, "/consultations/" + cid));
        String headProposal = html(page(HEAD, Role.DELEGATE, null, "/consultations/" + cid + "/proposals/p1"));
        assertThat(head).contains("id=\"submit-proposal\"");
        assertThat(headProposal).contains("id=\"amend\"", "id=\"add-comment\"");

        String adviser = html(page(ADVISER, Role.DELEGATE, null, "/consultations/" + cid));
        String adviserProposal = html(page(ADVISER, Role.DELEGATE, null, "/consultations/" + cid + "/proposals/p1"));
        assertThat(adviser).doesNotContain("id=\"submit-proposal\"");
        assertThat(adviserProposal).doesNotContain("id=\"amend\"").contains("id=\"add-comment\"");

        String none = html(page(UNACCREDITED, Role.DELEGATE, null, "/consultations/" + cid));
        String noneProposal = html(page(UNACCREDITED, Role.DELEGATE, null, "/consultations/" + cid + "/proposals/p1"));
        assertThat(none).doesNotContain("id=\"submit-proposal\"");
        assertThat(noneProposal).doesNotContain("id=\"amend\"", "id=\"add-comment\"");
    }

    @Test
    void onlyTheHeadAndAlternatesAreOfferedTheBallot() throws Exception {
        accredit();
        String cid = newConsultationId("capacity-voting");
        feed(cid, SECRETARIAT, created(cid), new ProposalSubmitted(cid, "p1", "A theme", "Its summary.",
                "ADMINISTRATION"));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2));
        try {
            assertThat(html(page(HEAD, Role.DELEGATE, null, "/consultations/" + cid))).contains("id=\"cast-ballot\"");
            assertThat(html(page(ADVISER, Role.DELEGATE, null, "/consultations/" + cid)))
                    .doesNotContain("id=\"cast-ballot\"");
            assertThat(html(page(UNACCREDITED, Role.DELEGATE, null, "/consultations/" + cid)))
                    .doesNotContain("id=\"cast-ballot\"");
        } finally {
            feed(cid, CHAIR, new VotingClosed(cid, 2, 0, 0, false));
        }
    }

    /** Costa Rica's head of delegation, and its demo alternate as an adviser; Ecuador's delegate is not accredited. */
    private void accredit() {
        accreditDelegates("CRI");
        if (delegations.of(ADVISER).isEmpty()) {
            feedMemberState("CRI", new DelegateAccredited("CRI", ADVISER, Capacity.ADVISER));
        }
    }

    private static String html(MvcResult page) throws Exception {
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        return page.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
