package org.iom.idm.consultation;

/** The life of a consultation (CONTRACT §2). */
public enum Phase {
    OPEN,
    VOTING,
    CLOSED,
    DECIDED,
    CANCELLED;

    public boolean acceptsComments() {
        return this == OPEN || this == VOTING;
    }

    public boolean isCancellable() {
        return this == OPEN || this == VOTING;
    }
}
