package org.iom.kit.problem;

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
