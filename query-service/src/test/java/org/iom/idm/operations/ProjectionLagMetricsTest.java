package org.iom.idm.operations;

import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lag of each read model's processing group, as a scraper reads it from /actuator/prometheus. */
class ProjectionLagMetricsTest extends AbstractProjectionTest {

    @Autowired
    private WebApplicationContext context;

    @Test
    void eachProcessingGroupReportsItsLagAndNoneOnceCaughtUp() throws Exception {
        awaitProjections();
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity()).build();

        var response = mvc.perform(MockMvcRequestBuilders.get("/actuator/prometheus")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        String scrape = response.getContentAsString(StandardCharsets.UTF_8);
        for (String group : List.of("consultations", "ballots", "member-states", "audit")) {
            List<String> samples = scrape.lines()
                    .filter(line -> line.startsWith("idm_projection_lag_events{"))
                    .filter(line -> line.contains("processing_group=\"" + group + "\""))
                    .toList();
            assertThat(samples).as("lag of %s in%n%s", group, scrape).hasSize(1);
            assertThat(Double.parseDouble(samples.get(0).substring(samples.get(0).lastIndexOf(' ') + 1)))
                    .as("lag of %s once caught up", group).isZero();
        }
    }
}
