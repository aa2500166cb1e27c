package org.iom.idm.rule;

/**
 * Why a rule refused a command, in the contract's words (CONTRACT §5's codes for a rule of §3). What each means
 * on the wire (its HTTP status, the problem+json) is the web edge's business, not the domain's.
 */
public enum RefusalCode {
    VALIDATION_FAILED,
    FORBIDDEN,
    NOT_FOUND,
    ALREADY_EXISTS,
    WRONG_PHASE,
    DUPLICATE_TITLE,
    PROPOSAL_WITHDRAWN,
    VOTING_RIGHTS_SUSPENDED,
    TOO_MANY_CHOICES,
    RATIONALE_REQUIRED,
    /** A comment, or a change to one, after the schedule closed comments (CONTRACT §8). */
    COMMENTS_CLOSED,
    /** A change to a schedule's instant that has passed or whose action has happened (CONTRACT §8). */
    INSTANT_PASSED
}
