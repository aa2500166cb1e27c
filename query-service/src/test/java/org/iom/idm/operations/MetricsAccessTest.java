package org.iom.idm.operations;

import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/** CONTRACT §7: the metrics are read by the scrape role only; health stays open to the platform's probes. */
class MetricsAccessTest extends AbstractProjectionTest {

    private static final String PROMETHEUS = "/actuator/prometheus";

    @Autowired
    private WebApplicationContext context;
    private MockMvc mvc;

    @BeforeEach
    void mvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    void anAnonymousScrapeIsAskedToSignIn() throws Exception {
        assertProblem(mvc.perform(MockMvcRequestBuilders.get(PROMETHEUS)).andReturn(), 401, "UNAUTHENTICATED");
    }

    @Test
    void noRoleButTheScrapeRoleReadsTheMetrics() throws Exception {
        for (String user : List.of("delegate-phl", "observer", "chair", "secretariat")) {
            assertProblem(mvc.perform(as(user, MockMvcRequestBuilders.get(PROMETHEUS))).andReturn(), 403, "FORBIDDEN");
        }
        MvcResult scrape = mvc.perform(as("metrics", MockMvcRequestBuilders.get(PROMETHEUS))).andReturn();
        assertThat(scrape.getResponse().getStatus()).isEqualTo(200);
        assertThat(scrape.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("idm_projection_lag_events");
    }

    @Test
    void theScrapeUserReadsNothingButTheMetrics() throws Exception {
        assertProblem(mvc.perform(as("metrics", MockMvcRequestBuilders.get("/api/consultations"))).andReturn(), 403,
                "FORBIDDEN");
        assertThat(mvc.perform(as("observer", MockMvcRequestBuilders.get("/api/consultations"))).andReturn()
                .getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void healthStaysOpen() throws Exception {
        assertThat(mvc.perform(MockMvcRequestBuilders.get("/actuator/health")).andReturn().getResponse().getStatus())
                .isEqualTo(200);
    }

    private static MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
        return request.with(httpBasic(user, "demo"));
    }

    private static void assertProblem(MvcResult result, int status, String code) throws Exception {
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(body).contains("\"code\":\"" + code + "\"");
    }
}
