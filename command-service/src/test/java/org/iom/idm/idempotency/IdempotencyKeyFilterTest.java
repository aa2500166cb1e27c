package org.iom.idm.idempotency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code Idempotency-Key} header as the filter reads it, and what makes two requests the same one. */
class IdempotencyKeyFilterTest {

    private final IdempotencyKeyFilter filter = new IdempotencyKeyFilter(JsonMapper.builder().build());

    @ParameterizedTest
    @ValueSource(strings = {"", "clé", "tab\there", "line\nbreak"})
    void aKeyOutsidePrintableAsciiIsMalformedAndGoesNoFurther(String key) throws Exception {
        MockHttpServletRequest request = post("/api/consultations", "{}");
        request.addHeader(IdempotencyKeyFilter.HEADER, key);

        MockHttpServletResponse response = filtered(request);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"MALFORMED_REQUEST\"");
    }

    @Test
    void twoKeysOnOneRequestAreMalformed() throws Exception {
        MockHttpServletRequest request = post("/api/consultations", "{}");
        request.addHeader(IdempotencyKeyFilter.HEADER, "one");
        request.addHeader(IdempotencyKeyFilter.HEADER, "two");

        assertThat(filtered(request).getStatus()).isEqualTo(400);
    }

    @Test
    void aKeyOf255PrintableCharactersIsKeptWithTheRequestAndTheBodyIsReadAgain() throws Exception {
        String key = " !~".repeat(85);
        MockHttpServletRequest request = post("/api/consultations", "{\"title\":\"T\"}");
        request.addHeader(IdempotencyKeyFilter.HEADER, key);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(requestOf(request).key()).isEqualTo(key);
        assertThat(chain.getRequest().getInputStream().readAllBytes())
                .isEqualTo("{\"title\":\"T\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theHashTellsRequestsApartByMethodPathQueryAndBodyOnly() throws Exception {
        String hash = hashOf("POST", "/api/a", null, "{}");

        assertThat(hashOf("POST", "/api/a", null, "{}")).isEqualTo(hash);
        assertThat(hashOf("POST", "/api/b", null, "{}")).isNotEqualTo(hash);
        assertThat(hashOf("POST", "/api/a", "x=1", "{}")).isNotEqualTo(hash);
        assertThat(hashOf("POST", "/api/a", null, "{ }")).isNotEqualTo(hash);
    }

    @Test
    void otherMethodsIgnoreTheKey() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/consultations/c/ballots/PHL");
        request.addHeader(IdempotencyKeyFilter.HEADER, "clé");

        assertThat(filtered(request).getStatus()).isEqualTo(200);
        assertThat(request.getAttribute(IdempotencyKeyFilter.ATTRIBUTE)).isNull();
    }

    private String hashOf(String method, String path, String query, String body) throws Exception {
        MockHttpServletRequest request = post(path, body);
        request.setMethod(method);
        request.setQueryString(query);
        request.addHeader(IdempotencyKeyFilter.HEADER, "key");
        filtered(request);
        return requestOf(request).hash();
    }

    private static MockHttpServletRequest post(String path, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        request.setContentType("application/json");
        return request;
    }

    private MockHttpServletResponse filtered(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    private static IdempotentRequest requestOf(MockHttpServletRequest request) {
        return (IdempotentRequest) request.getAttribute(IdempotencyKeyFilter.ATTRIBUTE);
    }
}
