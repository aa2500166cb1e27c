package org.iom.idm.ballot;

import org.iom.idm.consultation.Phase;

import java.time.Instant;
import java.util.List;

/** The tally and the ballots behind it. Who may see them is decided by the caller (CONTRACT §4). */
public interface BallotQueries {

    record FindTally(String consultationId) {
    }

    record FindBallots(String consultationId) {
    }

    record FindBallot(String consultationId, String memberState) {
    }

    /** {@code eligible} and {@code quorum} are known once voting opens. */
    record Tally(String consultationId, Phase phase, Integer eligible, int ballotsCast, int abstentions,
                 Integer quorum, boolean quorumMet, List<ProposalVotes> results, List<String> leading) {
    }

    record ProposalVotes(String proposalId, String title, int votes) {
    }

    record Ballot(String memberState, List<String> choices, boolean abstain, Instant castAt, int changes) {
    }
}
