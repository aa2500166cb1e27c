package org.iom.idm.ballot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The proposals ranked by votes, and what CONTRACT §3 rule 6 reads from them: the top {@code selectCount}, and
 * whether a tie at its boundary makes it ambiguous. One rule for the aggregate that judges a decision and for the
 * tally that shows the leading proposals; it lives beside the events because both services already depend on this
 * module and it needs nothing but the JDK, so the events module still depends on nothing of ours.
 */
public final class Ranking {

    private final List<Map.Entry<String, Integer>> ranked;
    private final int selectCount;

    private Ranking(List<Map.Entry<String, Integer>> ranked, int selectCount) {
        this.ranked = ranked;
        this.selectCount = selectCount;
    }

    /** {@code votes}: each active proposal's votes, in the proposals' order, which orders equal votes. */
    public static Ranking of(Map<String, Integer> votes, int selectCount) {
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(votes.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue())).toList());
        ranked.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        return new Ranking(List.copyOf(ranked), selectCount);
    }

    /** The first {@code selectCount} by votes. */
    public List<String> top() {
        return ranked.stream().limit(selectCount).map(Map.Entry::getKey).toList();
    }

    /** Whether the first proposal outside the top has as many votes as the last inside it. */
    public boolean tieAtBoundary() {
        return ranked.size() > selectCount
                && ranked.get(selectCount - 1).getValue().equals(ranked.get(selectCount).getValue());
    }

    /** The votes at the boundary: those of the first proposal outside the top, or 0 when there is none. */
    public int boundaryVotes() {
        return ranked.size() > selectCount ? ranked.get(selectCount).getValue() : 0;
    }

    /** How many proposals have the boundary's votes. */
    public long tiedAtBoundary() {
        int boundary = boundaryVotes();
        return ranked.stream().filter(entry -> entry.getValue() == boundary).count();
    }

    /** The proposals within the top by votes, with any tied at its boundary; none without votes. */
    public List<String> leading() {
        if (ranked.isEmpty()) {
            return List.of();
        }
        int threshold = ranked.get(Math.min(selectCount, ranked.size()) - 1).getValue();
        return ranked.stream()
                .filter(entry -> entry.getValue() > 0 && entry.getValue() >= threshold)
                .map(Map.Entry::getKey)
                .toList();
    }
}
