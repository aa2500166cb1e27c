package org.iom.idm.consultation;

import java.time.Instant;

/**
 * When the system acts by itself on a consultation (CONTRACT §8): comments close, voting opens, voting closes.
 * Each instant is UTC, and null when none is set.
 */
public record Schedule(Instant commentsCloseAt, Instant votingOpensAt, Instant votingClosesAt) {

    public static final Schedule NONE = new Schedule(null, null, null);

    /** Whether no instant is set (not named like a property: the record is serialized in events). */
    public boolean setsNothing() {
        return commentsCloseAt == null && votingOpensAt == null && votingClosesAt == null;
    }
}
