package org.iom.idm.consultation;

/**
 * What a proposal needs to be adopted by a vote (CONTRACT §8), declared at creation and never changed afterwards.
 * The share is of the ballots that are not abstentions.
 */
public enum MajorityRule {
    /** The top {@code selectCount} by votes, whatever their share. */
    PLURALITY,
    /** More than half. */
    SIMPLE,
    /** At least two thirds. */
    TWO_THIRDS;

    /** Whether {@code votes} out of {@code votingBallots} ballots that are not abstentions reach this majority. */
    public boolean reachedBy(int votes, int votingBallots) {
        return switch (this) {
            case PLURALITY -> true;
            case SIMPLE -> 2L * votes > votingBallots;
            case TWO_THIRDS -> votes > 0 && 3L * votes >= 2L * votingBallots;
        };
    }
}
