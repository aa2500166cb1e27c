package org.iom.idm.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.iom.idm.kit.problem.ErrorCode;
import org.iom.idm.kit.problem.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;

/** An address that leads nowhere: a page saying so for a browser, problem+json on the API as everywhere else. */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MissingPages {

    private static final String NO_SUCH_RESOURCE = "no such resource";

    private final WebUiPages pages;
    private final JsonMapper json;

    MissingPages(WebUiPages pages, JsonMapper json) {
        this.pages = pages;
        this.json = json;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ModelAndView missing(HttpServletRequest request, Locale locale) {
        String path = request.getRequestURI();
        if (path.startsWith("/api/") || path.startsWith("/actuator/")) {
            View problem = (model, req, response) -> Problems.write(response, json, ErrorCode.NOT_FOUND, NO_SUCH_RESOURCE);
            return new ModelAndView(problem);
        }
        return pages.errorPage(ErrorCode.NOT_FOUND, request, locale);
    }
}
