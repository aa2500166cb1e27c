package org.iom.idm.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.iom.kit.problem.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.Locale;

/** An address that leads nowhere: a page saying so for a browser, problem+json on the API as everywhere else. */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MissingPages {

    private final WebUiPages pages;

    MissingPages(WebUiPages pages) {
        this.pages = pages;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ModelAndView missing(HttpServletRequest request, Locale locale) {
        return pages.errorFor(request.getRequestURI(), ErrorCode.NOT_FOUND, "no such resource", request, locale);
    }
}
