package org.iom.idm.ballot;

import org.iom.idm.consultation.MajorityRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a closed round of voting gives under the declared majority rule (CONTRACT §8, rule 10): the adopted
 * proposals, or a tie at the boundary of the seats, or that too few reached the majority. One rule for the
 * aggregate that judges the decision and the runoff and for the tally that shows it, beside {@link Ranking}.
 *
 * <p>{@code adopted}: those the vote adopted, with those adopted by earlier rounds; under {@code TIE} those above
 * the tie, under {@code NO_MAJORITY} those that reached the majority. {@code tied}: the proposals tied at the
 * boundary. {@code runoffCandidates}: whom a runoff round would be among: the tied, or under {@code NO_MAJORITY}
 * the top ones by votes (two when one seat is left, and any tied with the last of them).
 */
public record Outcome(MajorityRule rule, Status status, List<String> adopted, List<String> tied,
                      List<String> runoffCandidates) {

    public enum Status {
        ADOPTED,
        NO_MAJORITY,
        TIE,
        /** Voting has not closed, or its counts are sealed: nothing may be said of them. */
        PENDING
    }

    public static Outcome pending(MajorityRule rule) {
        return new Outcome(rule, Status.PENDING, List.of(), List.of(), List.of());
    }

    /**
     * @param carried       adopted by earlier rounds (none in the first)
     * @param votes         each candidate's votes in this round, in the proposals' order, which orders equal votes
     * @param selectCount   how many proposals the consultation selects in all
     * @param votingBallots this round's ballots that are not abstentions
     */
    public static Outcome of(MajorityRule rule, List<String> carried, Map<String, Integer> votes, int selectCount,
                             int votingBallots) {
        int seats = selectCount - carried.size();
        Map<String, Integer> reaching = new LinkedHashMap<>();
        votes.forEach((id, count) -> {
            if (rule.reachedBy(count, votingBallots)) {
                reaching.put(id, count);
            }
        });
        List<String> reachingRanked = Ranking.of(reaching, reaching.size()).top();
        if (reaching.size() < seats) {
            Map<String, Integer> others = new LinkedHashMap<>(votes);
            reaching.keySet().forEach(others::remove);
            List<String> adopted = concat(carried, reachingRanked);
            return new Outcome(rule, Status.NO_MAJORITY, adopted, List.of(),
                    topWithTies(others, seats - reaching.size() + 1));
        }
        Ranking ranking = Ranking.of(reaching, seats);
        if (ranking.tieAtBoundary()) {
            int boundary = ranking.boundaryVotes();
            List<String> above = reachingRanked.stream().filter(id -> reaching.get(id) > boundary).toList();
            List<String> tied = reachingRanked.stream().filter(id -> reaching.get(id) == boundary).toList();
            return new Outcome(rule, Status.TIE, concat(carried, above), tied, tied);
        }
        return new Outcome(rule, Status.ADOPTED, concat(carried, ranking.top()), List.of(), List.of());
    }

    /** The first {@code count} by votes and any tied with the last of them; all when there are no more. */
    private static List<String> topWithTies(Map<String, Integer> votes, int count) {
        List<String> ranked = Ranking.of(votes, votes.size()).top();
        if (ranked.size() <= count) {
            return ranked;
        }
        int threshold = votes.get(ranked.get(count - 1));
        return ranked.stream().filter(id -> votes.get(id) >= threshold).toList();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
