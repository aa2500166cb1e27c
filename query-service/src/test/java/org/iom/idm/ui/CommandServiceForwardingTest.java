package org.iom.idm.ui;

import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.IdmUser;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * A write sent to the query service reaches the command service unchanged, as the signed-in user (a fresh access
 * token, never the password) with the request's correlation id, and its answer comes back as it was given.
 */
class CommandServiceForwardingTest extends AbstractProjectionTest {

    private static final String PASSWORD = "demo";
    private static final String PROPOSALS = "/api/consultations/idm-2010-theme/proposals";

    @Autowired
    private WebApplicationContext context;
    @Autowired
    private AccessTokens tokens;
    private MockMvc mvc;
    private final CommandServiceStub commandService = CommandServiceStub.instance();

    @BeforeEach
    void webStack() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    void aWriteGoesOnAsTheSignedInUserWithItsBodyAndCorrelationIdAndItsAnswerComesBack() throws Exception {
        commandService.answer(201, "application/json", "{\"id\":\"p-1\"}");

        MvcResult result = mvc.perform(post(PROPOSALS + "?x=1").with(httpBasic("delegate-phl", PASSWORD))
                        .header("X-Correlation-Id", "ui-test-correlation")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"T\",\"summary\":\"S\"}"))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(201);
        assertThat(result.getResponse().getContentAsString()).isEqualTo("{\"id\":\"p-1\"}");
        CommandServiceStub.Received sent = commandService.received();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(PROPOSALS + "?x=1");
        assertThat(sent.body()).isEqualTo("{\"title\":\"T\",\"summary\":\"S\"}");
        assertThat(sent.headers().get("Content-Type")).startsWith("application/json");
        assertThat(sent.headers().get("X-Correlation-Id")).isEqualTo("ui-test-correlation");
        String authorization = sent.headers().get("Authorization");
        assertThat(authorization).startsWith("Bearer ").doesNotContain(PASSWORD);
        IdmUser user = (IdmUser) tokens.authenticate(authorization.substring("Bearer ".length())).getPrincipal();
        assertThat(user.username()).isEqualTo("delegate-phl");
    }

    /** Issue 17: the form's key goes on, so the command service answers a second submission with the first's. */
    @Test
    void aWritesIdempotencyKeyGoesOnWithIt() throws Exception {
        commandService.answer(201, "application/json", "{\"id\":\"m-1\"}");

        mvc.perform(post(PROPOSALS + "/p-1/comments").with(httpBasic("delegate-phl", PASSWORD))
                .header("Idempotency-Key", "form-key-1")
                .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"T\"}")).andReturn();

        assertThat(commandService.received().headers().get("Idempotency-Key")).isEqualTo("form-key-1");
    }

    @Test
    void aRefusalComesBackAsTheCommandServiceGaveIt() throws Exception {
        String problem = "{\"code\":\"DUPLICATE_TITLE\",\"status\":409}";
        commandService.answer(409, "application/problem+json", problem);

        MvcResult result = mvc.perform(put(PROPOSALS + "/p-1").with(httpBasic("delegate-phl", PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"T\",\"summary\":\"S\"}")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(409);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(result.getResponse().getContentAsString()).isEqualTo(problem);
        assertThat(commandService.received().method()).isEqualTo("PUT");
    }

    @Test
    void aCommandServiceThatDoesNotAnswerIsAServiceUnavailableProblem() throws Exception {
        commandService.hangUp();

        MvcResult result = mvc.perform(post(PROPOSALS).with(httpBasic("delegate-phl", PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"T\",\"summary\":\"S\"}")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(503);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(result.getResponse().getContentAsString()).contains("\"code\":\"SERVICE_UNAVAILABLE\"");
    }

    @Test
    void aWriteWithoutAUserIsRefusedHereAndNeverForwarded() throws Exception {
        commandService.answer(204, null, "");

        MvcResult result = mvc.perform(post(PROPOSALS).contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\":\"T\",\"summary\":\"S\"}")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(401);
        assertThat(commandService.received()).isNull();
    }
}
