package org.iom.kit.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.iom.kit.persistence.StoreOutage;
import org.springframework.http.HttpStatus;

/** Finds what a failure means for the client, through the wrappers that frameworks put around it. */
public final class Failures {

    private Failures() {
    }

    public static RuleViolation ruleViolationIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleViolation violation) {
                return violation;
            }
        }
        return null;
    }

    /**
     * The code of what the servlet container forwards to its error page: a store outage if the failure it carries
     * is one (a sign-in that needed the database, say), else by the status; nothing forwarded is a missing page.
     */
    public static ErrorCode codeForwardedTo(HttpServletRequest errorPage) {
        if (errorPage.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && StoreOutage.in(failure)) {
            return ErrorCode.STORE_UNAVAILABLE;
        }
        return errorPage.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status
                ? codeForStatus(status) : ErrorCode.NOT_FOUND;
    }

    public static ErrorCode codeForStatus(int status) {
        HttpStatus resolved = HttpStatus.resolve(status);
        if (resolved == null || resolved.is5xxServerError()) {
            return ErrorCode.INTERNAL_ERROR;
        }
        for (ErrorCode code : ErrorCode.values()) {
            if (code.status() == resolved) {
                return code;
            }
        }
        return ErrorCode.MALFORMED_REQUEST;
    }
}
