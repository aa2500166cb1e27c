package org.iom.idm.operations;

import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The domain counters, per consultation, as a scraper reads them from /actuator/prometheus without signing in. */
class DomainMetricsTest extends ApiTestSupport {

    @Test
    void countsTheEventsOfEachConsultation() {
        String cid = newConsultation(Map.of("selectCount", 1));
        String first = submitProposal(cid, SECRETARIAT);
        String second = submitProposal(cid, SECRETARIAT);
        addComment(cid, first, SECRETARIAT);
        openVoting(cid);
        String one = claimMemberState();
        String other = claimMemberState();
        castBallot(cid, one, first);
        castBallot(cid, other, first);
        castBallot(cid, one, second);

        Reply scrape = anonymous().send("GET", "/actuator/prometheus", null,
                BodyPublishers.noBody());

        assertThat(scrape.status()).as("%s", scrape).isEqualTo(200);
        assertThat(counter(scrape.body(), "idm_ballots_cast_total", cid)).isEqualTo(2.0);
        assertThat(counter(scrape.body(), "idm_ballots_changed_total", cid)).isEqualTo(1.0);
        assertThat(counter(scrape.body(), "idm_proposals_submitted_total", cid)).isEqualTo(2.0);
        assertThat(counter(scrape.body(), "idm_comments_added_total", cid)).isEqualTo(1.0);
        assertThat(counter(scrape.body(), "idm_decisions_recorded_total", cid)).isNull();
    }

    /** The sample of the counter tagged with the consultation, or null if there is none. */
    private static Double counter(String scrape, String name, String consultationId) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> line.contains("consultation=\"" + consultationId + "\""))
                .map(line -> Double.valueOf(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(null);
    }
}
