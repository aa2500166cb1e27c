package org.iom.idm.ballot;

import org.iom.idm.consultation.Phase;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

        /** The results ranked by votes (CONTRACT §3 rule 6), their order breaking ties. */
        public static Ranking ranked(List<ProposalVotes> results, int selectCount) {
            Map<String, Integer> votes = new LinkedHashMap<>();
            results.forEach(result -> votes.put(result.proposalId(), result.votes()));
            return Ranking.of(votes, selectCount);
        }
    }

    /**
     * {@code explanation}: the state's explanation of vote, or null; {@code versions}: by proposal id, the version
     * of each choice, for ballots recorded since versions are (CONTRACT §8 rule 9).
     */
    record Ballot(String memberState, List<String> choices, boolean abstain, Instant castAt, int changes,
                  String explanation, Map<String, Integer> versions) {
    }
}
