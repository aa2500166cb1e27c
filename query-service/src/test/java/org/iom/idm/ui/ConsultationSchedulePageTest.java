package org.iom.idm.ui;

import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.consultation.ConsultationEvent.CommentsClosed;
import org.iom.idm.consultation.ConsultationEvent.ConsultationScheduled;
import org.iom.idm.consultation.Schedule;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** CONTRACT §8: the consultation page shows the schedule in Geneva time, and the browser's zone beside it. */
class ConsultationSchedulePageTest extends WebUiPageTestSupport {

    @Test
    void theScheduleIsShownInGenevaTimeWithEachInstantForTheBrowsersZone() throws Exception {
        String cid = newConsultationId("schedule-page");
        // 08:00 UTC in winter is 09:00 in Geneva; 08:00 UTC in summer is 10:00.
        Instant commentsClose = Instant.parse("2026-01-15T08:00:00Z");
        Instant votingOpens = Instant.parse("2026-07-01T08:00:00Z");
        feed(cid, SECRETARIAT, created(cid), new ConsultationScheduled(cid, new Schedule(commentsClose, votingOpens,
                null)));

        String html = page("observer", Role.OBSERVER, null, "/consultations/" + cid).getResponse()
                .getContentAsString();

        assertThat(html).contains("id=\"schedule\"", "2026-01-15 09:00 (Geneva time)", "2026-07-01 10:00 (Geneva time)",
                "data-instant=\"2026-01-15T08:00:00Z\"", "data-instant=\"2026-07-01T08:00:00Z\"");
        assertThat(html).doesNotContain("id=\"schedule-voting-closes\"");
    }

    @Test
    void afterTheSystemClosesCommentsTheProposalPageOffersNoCommentForm() throws Exception {
        accreditDelegates("PHL");
        String cid = newConsultationId("comments-closed");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "Diaspora", "Engaging diasporas", Proposer.ADMINISTRATION));
        String path = "/consultations/" + cid + "/proposals/p1";
        assertThat(page("delegate-phl", Role.DELEGATE, "PHL", path).getResponse().getContentAsString())
                .contains("id=\"add-comment\"");

        feed(cid, Actor.SYSTEM, new CommentsClosed(cid));

        String html = page("delegate-phl", Role.DELEGATE, "PHL", path).getResponse().getContentAsString();
        assertThat(html).contains("id=\"comments-closed\"").doesNotContain("id=\"add-comment\"");
    }
}
