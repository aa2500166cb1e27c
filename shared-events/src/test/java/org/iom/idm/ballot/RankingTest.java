package org.iom.idm.ballot;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CONTRACT §3 rule 6: the top {@code selectCount} by votes, and a tie at its boundary. */
class RankingTest {

    @Test
    void theTopIsTheSelectCountWithMostVotes() {
        Ranking ranking = Ranking.of(votes("a", 1, "b", 4, "c", 2, "d", 0), 2);

        assertThat(ranking.top()).containsExactly("b", "c");
        assertThat(ranking.tieAtBoundary()).isFalse();
        assertThat(ranking.leading()).containsExactly("b", "c");
    }

    @Test
    void aTieAtTheBoundaryMakesTheTopAmbiguousAndEveryTiedProposalLeads() {
        Ranking ranking = Ranking.of(votes("a", 3, "b", 1, "c", 3, "d", 3), 2);

        assertThat(ranking.tieAtBoundary()).isTrue();
        assertThat(ranking.boundaryVotes()).isEqualTo(3);
        assertThat(ranking.tiedAtBoundary()).isEqualTo(3);
        assertThat(ranking.leading()).containsExactly("a", "c", "d");
    }

    @Test
    void equalVotesKeepTheProposalsOrder() {
        assertThat(Ranking.of(votes("x", 2, "y", 2, "z", 5), 2).top()).containsExactly("z", "x");
    }

    @Test
    void aTieBelowTheBoundaryIsNoTie() {
        Ranking ranking = Ranking.of(votes("a", 5, "b", 1, "c", 1), 1);

        assertThat(ranking.tieAtBoundary()).isFalse();
        assertThat(ranking.top()).containsExactly("a");
        assertThat(ranking.leading()).containsExactly("a");
    }

    @Test
    void noProposalLeadsWithoutVotes() {
        Ranking ranking = Ranking.of(votes("a", 0, "b", 0), 1);

        assertThat(ranking.tieAtBoundary()).isTrue();
        assertThat(ranking.leading()).isEmpty();
        assertThat(Ranking.of(Map.of(), 1).leading()).isEmpty();
    }

    @Test
    void fewerProposalsThanSelectCountAreAllTheTop() {
        Ranking ranking = Ranking.of(votes("a", 1), 2);

        assertThat(ranking.tieAtBoundary()).isFalse();
        assertThat(ranking.top()).containsExactly("a");
        assertThat(ranking.leading()).containsExactly("a");
    }

    private static Map<String, Integer> votes(Object... idsAndVotes) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (int i = 0; i < idsAndVotes.length; i += 2) {
            votes.put((String) idsAndVotes[i], (Integer) idsAndVotes[i + 1]);
        }
        return votes;
    }
}
