package org.iom.idm.ui;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.Cookie;
import org.iom.idm.actor.Role;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** A page of the web UI that fails is a page in the reader's language, never raw problem JSON; the API stays JSON. */
class WebUiErrorPagesTest extends WebUiPageTestSupport {

    @Test
    void aPageAskedForWithAnInvalidParameterIsAnHtmlPageThatSaysSo() throws Exception {
        MvcResult page = page("observer", Role.OBSERVER, null, "/consultations/any/proposals/any?from=not-a-number");

        assertThat(page.getResponse().getStatus()).isEqualTo(400);
        assertThat(page.getResponse().getContentType()).startsWith("text/html");
        assertThat(page.getResponse().getContentAsString()).contains("<h1>Some fields are not valid; please check them.</h1>")
                .doesNotContain("\"code\"");
    }

    @Test
    void aPageThatFailsWhileItIsWrittenIsAnHtmlPageInTheReadersLanguage() throws Exception {
        MvcResult page = mvc.perform(asBrowser(get("/error"), "observer", Role.OBSERVER, null)
                        .cookie(new Cookie("idm_lang", "fr"))
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/consultations/idm-2010-theme"))
                .andReturn();

        assertThat(page.getResponse().getStatus()).isEqualTo(500);
        assertThat(page.getResponse().getContentType()).startsWith("text/html");
        assertThat(page.getResponse().getContentAsString()).contains("lang=\"fr\"")
                .contains("produite de notre côté ; rien n&#39;a été modifié").doesNotContain("\"code\"");
    }

    @Test
    void theApiStillAnswersItsErrorsAsProblemJsonEvenToABrowser() throws Exception {
        MvcResult answer = mvc.perform(asBrowser(get("/error"), "observer", Role.OBSERVER, null)
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/consultations"))
                .andReturn();

        assertThat(answer.getResponse().getStatus()).isEqualTo(500);
        assertThat(answer.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.getResponse().getContentAsString()).contains("\"code\":\"INTERNAL_ERROR\"");
    }
}
