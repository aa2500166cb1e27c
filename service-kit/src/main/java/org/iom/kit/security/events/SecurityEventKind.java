package org.iom.kit.security.events;

/** What was refused (CONTRACT §9). */
public enum SecurityEventKind {
    /** A sign-in with a wrong user name or password. */
    SIGN_IN_FAILED,
    /** Sign-ins refused for a while after too many failed ones: once per user name or address and period. */
    SIGN_IN_THROTTLED,
    /** An access token that is malformed, wrongly signed, expired or otherwise invalid. */
    TOKEN_REFUSED
}
