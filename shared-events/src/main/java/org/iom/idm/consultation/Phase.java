package org.iom.idm.consultation;

/** The life of a consultation (CONTRACT §2). */
public enum Phase {
    OPEN,
    /** Rule 8: a draft decision is in circulation under the silence procedure, until its deadline. */
    CIRCULATED,
    /** Rule 8: a member state broke silence on the draft; the chair re-circulates or falls back to a vote. */
    SILENCE_BROKEN,
    VOTING,
    CLOSED,
    DECIDED,
    CANCELLED;

    /** States keep discussing the proposals while a draft circulates, as they do while voting. */
    public boolean acceptsComments() {
        return this != CLOSED && this != DECIDED && this != CANCELLED;
    }

    public boolean isCancellable() {
        return acceptsComments();
    }
}
