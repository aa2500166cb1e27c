package org.iom.idm.consultation;

/** What settles a vote its majority rule leaves open (CONTRACT §8), declared at creation. */
public enum TieBreak {
    /** The chair decides, with a rationale. */
    CHAIR,
    /** A new round of voting among the tied, or the top two when none reached the majority (rule 10). */
    RUNOFF
}
