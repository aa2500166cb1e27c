package org.iom.idm.ballot;

import org.iom.idm.consultation.Phase;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tally and the ballots behind it. Who may see them is decided by the caller (CONTRACT §4). */
public interface BallotQueries {

    /** {@code round}: a round of voting (CONTRACT §8, rule 10); null for the current one. */
    record FindTally(String consultationId, Integer round) {

        public FindTally(String consultationId) {
            this(consultationId, null);
        }
    }

    /** {@code round}: null for the current one. */
    record FindBallots(String consultationId, Integer round) {

        public FindBallots(String consultationId) {
            this(consultationId, null);
        }
    }

    /** The member state's ballot in the current round. */
    record FindBallot(String consultationId, String memberState) {
    }

    /** The consultation's current round of voting; none for a consultation not known here. */
    record FindCurrentRound(String consultationId) {
    }

    /**
     * {@code eligible} and {@code quorum} are known once voting opens. An earlier round's tally has the phase
     * {@code CLOSED}: that round is over. {@code outcome} is {@code PENDING} until the round closes.
     */
    record Tally(String consultationId, Phase phase, Integer eligible, int ballotsCast, int abstentions,
                 Integer quorum, boolean quorumMet, List<ProposalVotes> results, List<String> leading, int round,
                 Outcome outcome) {
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
     * of each choice, for ballots recorded since versions are (CONTRACT §8 rule 9); {@code round}: the round of
     * voting it was cast in (rule 10).
     */
    record Ballot(String memberState, List<String> choices, boolean abstain, Instant castAt, int changes,
                  String explanation, Map<String, Integer> versions, int round) {
    }
}
