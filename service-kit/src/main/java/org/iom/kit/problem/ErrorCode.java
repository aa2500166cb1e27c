package org.iom.kit.problem;

import org.iom.idm.rule.RefusalCode;
import org.springframework.http.HttpStatus;

/** The stable error codes of CONTRACT §5, each with its HTTP status: the web edge's side of a refusal. */
public enum ErrorCode {
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Validation failed"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Not allowed"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    ALREADY_EXISTS(HttpStatus.CONFLICT, "Already exists"),
    WRONG_PHASE(HttpStatus.CONFLICT, "Not allowed in this phase"),
    DUPLICATE_TITLE(HttpStatus.CONFLICT, "Duplicate title"),
    PROPOSAL_WITHDRAWN(HttpStatus.CONFLICT, "Proposal withdrawn"),
    VOTING_RIGHTS_SUSPENDED(HttpStatus.CONFLICT, "Voting rights suspended"),
    TOO_MANY_CHOICES(HttpStatus.CONFLICT, "Too many choices"),
    RATIONALE_REQUIRED(HttpStatus.CONFLICT, "Rationale required"),
    CONCURRENT_MODIFICATION(HttpStatus.CONFLICT, "Concurrent modification"),
    COMMENTS_CLOSED(HttpStatus.CONFLICT, "Comments closed"),
    INSTANT_PASSED(HttpStatus.CONFLICT, "Instant passed"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
    TOO_MANY_ATTEMPTS(HttpStatus.TOO_MANY_REQUESTS, "Too many attempts"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable");

    private final HttpStatus status;
    private final String title;

    ErrorCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    /** The code a rule's refusal has on the wire. */
    public static ErrorCode of(RefusalCode refusal) {
        return switch (refusal) {
            case VALIDATION_FAILED -> VALIDATION_FAILED;
            case FORBIDDEN -> FORBIDDEN;
            case NOT_FOUND -> NOT_FOUND;
            case ALREADY_EXISTS -> ALREADY_EXISTS;
            case WRONG_PHASE -> WRONG_PHASE;
            case DUPLICATE_TITLE -> DUPLICATE_TITLE;
            case PROPOSAL_WITHDRAWN -> PROPOSAL_WITHDRAWN;
            case VOTING_RIGHTS_SUSPENDED -> VOTING_RIGHTS_SUSPENDED;
            case TOO_MANY_CHOICES -> TOO_MANY_CHOICES;
            case RATIONALE_REQUIRED -> RATIONALE_REQUIRED;
            case COMMENTS_CLOSED -> COMMENTS_CLOSED;
            case INSTANT_PASSED -> INSTANT_PASSED;
        };
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
