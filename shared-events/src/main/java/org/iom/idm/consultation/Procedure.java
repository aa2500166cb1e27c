package org.iom.idm.consultation;

/**
 * How a consultation decides (CONTRACT §8): by a recorded vote, or by consensus through a silence procedure.
 * Declared at creation; no command changes it afterwards, so it is frozen once voting or circulation starts.
 */
public enum Procedure {
    RECORDED_VOTE,
    SILENCE
}
