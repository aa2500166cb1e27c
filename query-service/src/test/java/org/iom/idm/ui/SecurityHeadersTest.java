package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.kit.security.SecurityHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Every answer, page or API, signed in or not, success or refusal, carries a content security policy and the usual
 * security headers (the API's through the kit that both services share); HSTS goes out over HTTPS only.
 */
class SecurityHeadersTest extends WebUiPageTestSupport {

    private static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    private static final String HSTS = "max-age=31536000 ; includeSubDomains";

    @Test
    void everyPageCarriesThePagesPolicyAndTheSecurityHeaders() throws Exception {
        List<MockHttpServletRequestBuilder> pages = List.of(
                get("/login"),
                asBrowser(get("/consultations"), "chair", Role.CHAIR, null),
                asBrowser(get("/consultations/no-such-consultation"), "observer", Role.OBSERVER, null),
                get("/assets/app.css"),
                get("/consultations"));
        for (MockHttpServletRequestBuilder page : pages) {
            MockHttpServletResponse answer = mvc.perform(page).andReturn().getResponse();

            assertSecurityHeaders(answer, PAGE_POLICY);
            assertThat(answer.getHeader("Strict-Transport-Security")).isNull();
        }
    }

    @Test
    void everyApiAnswerCarriesTheApiPolicyAndTheSecurityHeaders() throws Exception {
        List<MockHttpServletRequestBuilder> answers = List.of(
                get("/api/consultations").with(httpBasic("observer", "demo")),
                get("/api/consultations"),
                get("/api/consultations/no-such-consultation").with(httpBasic("observer", "demo")),
                get("/api/admin/security-events").with(httpBasic("observer", "demo")),
                get("/actuator/health"));
        for (MockHttpServletRequestBuilder request : answers) {
            MockHttpServletResponse answer = mvc.perform(request).andReturn().getResponse();

            assertSecurityHeaders(answer, SecurityHeaders.API_POLICY);
            assertThat(answer.getHeader("Strict-Transport-Security")).isNull();
        }
    }

    @Test
    void overHttpsBrowsersAreToldToKeepToHttps() throws Exception {
        MockHttpServletResponse page = mvc.perform(get("/login").secure(true)).andReturn().getResponse();
        MockHttpServletResponse api = mvc.perform(get("/api/consultations").secure(true)
                .with(httpBasic("observer", "demo"))).andReturn().getResponse();

        assertThat(page.getHeader("Strict-Transport-Security")).isEqualTo(HSTS);
        assertThat(api.getHeader("Strict-Transport-Security")).isEqualTo(HSTS);
    }

    private static void assertSecurityHeaders(MockHttpServletResponse answer, String policy) {
        String what = answer.getStatus() + " " + answer.getContentType();
        assertThat(answer.getHeader("Content-Security-Policy")).as(what).isEqualTo(policy);
        assertThat(answer.getHeader("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(answer.getHeader("X-Frame-Options")).as(what).isEqualTo("DENY");
        assertThat(answer.getHeader("Referrer-Policy")).as(what).isEqualTo("same-origin");
        assertThat(answer.getHeader("Permissions-Policy")).as(what).contains("camera=()", "microphone=()",
                "geolocation=()", "payment=()");
        assertThat(answer.getHeader("Cache-Control")).as(what).contains("no-store");
    }
}
