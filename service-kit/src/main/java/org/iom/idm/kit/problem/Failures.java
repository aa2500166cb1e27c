package org.iom.idm.kit.problem;

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

    public static boolean isPayloadTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PayloadTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /** The codes of failures that frameworks raise for client mistakes; null for anything else. */
    public static ErrorCode knownCodeOf(Throwable failure) {
        return isPayloadTooLarge(failure) ? ErrorCode.PAYLOAD_TOO_LARGE : null;
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
