package org.iom.idm.ui;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.Failures;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import java.util.Locale;

/**
 * What the servlet container forwards to its error page (a page that failed while it was written, a path refused
 * before any controller), for a browser: a page in its language. The API keeps answering problem+json.
 */
@Controller
class ErrorPages {

    private final WebUiPages pages;

    ErrorPages(WebUiPages pages) {
        this.pages = pages;
    }

    @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView error(HttpServletRequest request, Locale locale) {
        ErrorCode code = Failures.codeForwardedTo(request);
        Object failedPath = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return pages.errorFor(failedPath instanceof String uri ? uri : "", code, code.title().toLowerCase(), request,
                locale);
    }
}
