package org.iom.idm.operations;

import org.axonframework.micrometer.GlobalMetricRegistry;
import org.iom.idm.web.ApiTestSupport;
import org.iom.kit.metrics.CachedMetricRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The domain counters, as the scrape user reads them from /actuator/prometheus: totals only, no count per
 * consultation (CONTRACT §7), and nobody else may read them.
 */
class DomainMetricsTest extends ApiTestSupport {

    private static final String SCRAPER = "metrics";

    @Autowired
    private GlobalMetricRegistry axonMetrics;

    @Test
    void countsTheEventsInTotalAndNoLineNamesTheConsultation() {
        String before = scrape();
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

        String after = scrape();

        assertThat(after.lines().filter(line -> line.contains(cid)))
                .as("lines of the scrape naming %s", cid).isEmpty();
        assertThat(after).doesNotContain("consultation=");
        assertThat(total(after, "idm_ballots_cast_total") - total(before, "idm_ballots_cast_total")).isEqualTo(2.0);
        assertThat(total(after, "idm_ballots_changed_total") - total(before, "idm_ballots_changed_total"))
                .isEqualTo(1.0);
        assertThat(total(after, "idm_proposals_submitted_total") - total(before, "idm_proposals_submitted_total"))
                .isEqualTo(2.0);
        assertThat(total(after, "idm_comments_added_total") - total(before, "idm_comments_added_total"))
                .isEqualTo(1.0);
    }

    @Test
    void axonsTimersAreScrapedWithoutPercentilesComputedInTheService() {
        castABallot();

        String scrape = scrape();
        assertThat(scrape).as("Axon's command bus timer").contains("commandBus_allTimer_seconds_count");
        assertThat(scrape.lines().filter(line -> line.contains("quantile="))).as("percentile lines").isEmpty();
    }

    @Test
    void axonsMetersAreTheKitsOnesTaggedByPayloadTypeAndProcessor() {
        castABallot();

        assertThat(axonMetrics).isInstanceOf(CachedMetricRegistry.class);
        assertThat(scrape().lines()).anyMatch(line -> line.startsWith(
                        "commandBus_successCounter_total{payloadType=\"CastBallot\"}"))
                .anyMatch(line -> line.startsWith(
                        "eventProcessor_successTimer_seconds_count{payloadType=\"BallotCast\",processorName=\""
                                + DomainMetrics.PROCESSING_GROUP + "\"}"))
                .anyMatch(line -> line.startsWith(
                        "eventProcessor_latency{processorName=\"" + DomainMetrics.PROCESSING_GROUP + "\"}"))
                .anyMatch(line -> line.startsWith("commandBus_capacity{payloadType=\"CastBallot\"}"));
    }

    @Test
    void anAnonymousScrapeIsAskedToSignIn() {
        assertProblem(anonymous().send("GET", "/actuator/prometheus", null, BodyPublishers.noBody()), 401,
                "UNAUTHENTICATED");
    }

    @Test
    void noRoleButTheScrapeRoleReadsTheMetrics() {
        for (String user : new String[] {delegateOf(claimMemberState()), OBSERVER, CHAIR, SECRETARIAT}) {
            assertProblem(as(user).send("GET", "/actuator/prometheus", null, BodyPublishers.noBody()), 403,
                    "FORBIDDEN");
        }
    }

    @Test
    void healthStaysOpen() {
        assertThat(anonymous().send("GET", "/actuator/health", null, BodyPublishers.noBody()).status())
                .isEqualTo(200);
    }

    private void castABallot() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        castBallot(cid, claimMemberState(), pid);
    }

    private String scrape() {
        Reply scrape = as(SCRAPER).send("GET", "/actuator/prometheus", null, BodyPublishers.noBody());
        assertThat(scrape.status()).as("%s", scrape).isEqualTo(200);
        return scrape.body();
    }

    /** The counter's sample (without tags), or 0 before its first event. */
    private static double total(String scrape, String name) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
