package org.iom.idm.readmodel;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The service's API asked through its whole web stack, security included, as a client asks it. {@code @Import}ed by
 * the projection tests' context, whose API tests autowire it.
 */
@TestComponent
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc;

    ApiClient(WebApplicationContext context) {
        this.mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
    }

    public record Reply(int status, String text) {

        public JsonNode json() {
            return JSON.readTree(text);
        }
    }

    public Reply perform(MockHttpServletRequestBuilder request) {
        try {
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            return new Reply(response.getStatus(), response.getContentAsString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET as a demo user (password "demo"), which must answer 200. */
    public String body(String username, String path) {
        Reply reply = perform(get(URI.create(path)).with(httpBasic(username, "demo")));
        assertThat(reply.status()).as("GET %s as %s: %s", path, username, reply.text()).isEqualTo(200);
        return reply.text();
    }

    public JsonNode ok(String username, String path) {
        return JSON.readTree(body(username, path));
    }
}
