package org.iom.idm.operations;

import org.iom.idm.readmodel.AbstractProjectionTest;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.readmodel.PoisonedEvents;
import org.iom.idm.readmodel.ReadModels;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/** The lag of each read model's processing group, as the scrape user reads it from /actuator/prometheus. */
class ProjectionLagMetricsTest extends AbstractProjectionTest {

    @Autowired
    private WebApplicationContext context;
    @Autowired
    private PoisonedEvents poisoned;

    @Test
    void eachProcessingGroupReportsItsLagInEventsAndSecondsAndNoneOnceCaughtUp() throws Exception {
        awaitProjections();
        String scrape = scrape();

        for (String group : List.of(ReadModels.PROCESSING_GROUP, "audit")) {
            assertThat(sample(scrape, "idm_projection_lag_events", group)).as("lag of %s once caught up", group).isZero();
            assertThat(sample(scrape, "idm_projection_lag_seconds", group)).as("lag of %s once caught up", group)
                    .isZero();
        }
    }

    @Test
    void aProcessorThatFallsBehindShowsHowManyEventsAndHowOldTheOldestIs() throws Exception {
        awaitProjections();
        String code = newMemberStateCode();
        poisoned.holdOn(code);
        try {
            Instant stored = appendToMemberState(code, new MemberStateRegistered(code, "Lagland"));
            String scrape = scrape();

            assertThat(sample(scrape, "idm_projection_lag_events", ReadModels.PROCESSING_GROUP)).isGreaterThanOrEqualTo(1);
            double expectedAge = Duration.between(stored, Instant.now()).toSeconds();
            assertThat(sample(scrape, "idm_projection_lag_seconds", ReadModels.PROCESSING_GROUP))
                    .isBetween(expectedAge - 1, expectedAge + 60);
        } finally {
            poisoned.heal();
        }
        awaitProjections();
        assertThat(sample(scrape(), "idm_projection_lag_seconds", ReadModels.PROCESSING_GROUP)).isZero();
    }

    private String scrape() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity()).build();
        var response = mvc.perform(MockMvcRequestBuilders.get("/actuator/prometheus")
                .with(httpBasic("metrics", "demo"))).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private static double sample(String scrape, String metric, String group) {
        List<String> samples = scrape.lines()
                .filter(line -> line.startsWith(metric + "{"))
                .filter(line -> line.contains("processing_group=\"" + group + "\""))
                .toList();
        assertThat(samples).as("%s of %s in%n%s", metric, group, scrape).hasSize(1);
        return Double.parseDouble(samples.get(0).substring(samples.get(0).lastIndexOf(' ') + 1));
    }
}
