package org.iom.idm.ballot;

import org.iom.idm.ballot.Outcome.Status;
import org.iom.idm.consultation.MajorityRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.ballot.Outcome.Status.ADOPTED;
import static org.iom.idm.ballot.Outcome.Status.NO_MAJORITY;
import static org.iom.idm.ballot.Outcome.Status.TIE;
import static org.iom.idm.consultation.MajorityRule.PLURALITY;
import static org.iom.idm.consultation.MajorityRule.SIMPLE;
import static org.iom.idm.consultation.MajorityRule.TWO_THIRDS;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * CONTRACT §8 and rule 10: what each majority rule gives on a closed round. Each row: the rule, the seats
 * ({@code selectCount}), the proposals adopted by earlier rounds, the votes ("a=5 b=3", in the proposals' order),
 * the ballots that are not abstentions; then the status, the adopted, the tied and a runoff's candidates.
 */
class OutcomeTest {

    static Stream<Arguments> closedRounds() {
        return Stream.of(
                // PLURALITY: today's top selectCount by votes, whatever the share; a tie at the boundary is a TIE
                row(PLURALITY, 1, "", "a=5 b=3 c=2", 10, ADOPTED, "a", "", ""),
                row(PLURALITY, 1, "", "a=4 b=4 c=2", 10, TIE, "", "a b", "a b"),
                row(PLURALITY, 2, "", "a=5 b=3 c=3", 6, TIE, "a", "b c", "b c"),
                row(PLURALITY, 2, "", "a=5 b=3 c=1", 6, ADOPTED, "a b", "", ""),
                // abstentions only: every proposal has no vote, all are tied
                row(PLURALITY, 1, "", "a=0 b=0", 0, TIE, "", "a b", "a b"),
                // as many proposals as seats: nothing to rank, as before
                row(PLURALITY, 1, "", "a=0", 0, ADOPTED, "a", "", ""),

                // SIMPLE: more than half of the ballots that are not abstentions
                row(SIMPLE, 1, "", "a=6 b=4", 10, ADOPTED, "a", "", ""),
                row(SIMPLE, 1, "", "a=5 b=5", 10, NO_MAJORITY, "", "", "a b"),
                row(SIMPLE, 1, "", "a=4 b=3 c=3", 10, NO_MAJORITY, "", "", "a b c"),
                row(SIMPLE, 1, "", "a=4 b=3 c=2 d=1", 10, NO_MAJORITY, "", "", "a b"),
                // abstentions do not count: 3 of 5 voting ballots is a majority although 10 were cast
                row(SIMPLE, 1, "", "a=3 b=2", 5, ADOPTED, "a", "", ""),
                row(SIMPLE, 1, "", "a=0 b=0", 0, NO_MAJORITY, "", "", "a b"),
                // two seats: each ballot may name two, so more than two may reach the majority and tie
                row(SIMPLE, 2, "", "a=8 b=6 c=6", 10, TIE, "a", "b c", "b c"),
                row(SIMPLE, 2, "", "a=8 b=6 c=5", 10, ADOPTED, "a b", "", ""),
                row(SIMPLE, 2, "", "a=8 b=4 c=3", 10, NO_MAJORITY, "a", "", "b c"),

                // TWO_THIRDS: at least two thirds
                row(TWO_THIRDS, 1, "", "a=6 b=3", 9, ADOPTED, "a", "", ""),
                row(TWO_THIRDS, 1, "", "a=5 b=4", 9, NO_MAJORITY, "", "", "a b"),
                row(TWO_THIRDS, 1, "", "a=2 b=1", 3, ADOPTED, "a", "", ""),
                row(TWO_THIRDS, 1, "", "a=0 b=0", 0, NO_MAJORITY, "", "", "a b"),
                row(TWO_THIRDS, 2, "", "a=3 b=3 c=3", 3, TIE, "", "a b c", "a b c"),

                // a runoff round: the earlier rounds' adopted keep their seats, the round fills the others
                row(SIMPLE, 1, "", "b=4 c=3", 7, ADOPTED, "b", "", ""),
                row(PLURALITY, 2, "a", "b=4 c=3", 7, ADOPTED, "a b", "", ""),
                row(SIMPLE, 2, "a", "b=3 c=3", 6, NO_MAJORITY, "a", "", "b c"),
                row(TWO_THIRDS, 2, "a", "b=2 c=1", 3, ADOPTED, "a b", "", ""),
                row(TWO_THIRDS, 2, "a", "b=1 c=1", 2, NO_MAJORITY, "a", "", "b c"));
    }

    @ParameterizedTest(name = "{0}, {1} seat(s), carried [{2}], votes {3} of {4}: {5}")
    @MethodSource("closedRounds")
    void theDeclaredRuleGivesTheOutcome(MajorityRule rule, int selectCount, String carried, String votes,
                                        int votingBallots, Status status, String adopted, String tied,
                                        String runoff) {
        Outcome outcome = Outcome.of(rule, ids(carried), votes(votes), selectCount, votingBallots);

        assertThat(outcome.rule()).isEqualTo(rule);
        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.adopted()).isEqualTo(ids(adopted));
        assertThat(outcome.tied()).isEqualTo(ids(tied));
        assertThat(outcome.runoffCandidates()).isEqualTo(ids(runoff));
    }

    @ParameterizedTest
    @MethodSource("closedRounds")
    void anAdoptionFillsEverySeatAndOtherwiseARunoffHasCandidates(MajorityRule rule, int selectCount,
                                                                   String carried, String votes,
                                                                   int votingBallots) {
        Outcome outcome = Outcome.of(rule, ids(carried), votes(votes), selectCount, votingBallots);

        if (outcome.status() == ADOPTED) {
            assertThat(outcome.adopted()).hasSize(selectCount).doesNotHaveDuplicates();
        } else {
            assertThat(outcome.adopted()).hasSizeLessThan(selectCount);
            assertThat(outcome.runoffCandidates()).isNotEmpty()
                    .allSatisfy(candidate -> assertThat(outcome.adopted()).doesNotContain(candidate));
        }
    }

    private static Arguments row(MajorityRule rule, int selectCount, String carried, String votes,
                                 int votingBallots, Status status, String adopted, String tied, String runoff) {
        return arguments(rule, selectCount, carried, votes, votingBallots, status, adopted, tied, runoff);
    }

    private static List<String> ids(String spaced) {
        return spaced.isBlank() ? List.of() : List.of(spaced.trim().split(" "));
    }

    private static Map<String, Integer> votes(String spaced) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (String entry : spaced.split(" ")) {
            String[] idAndVotes = entry.split("=");
            votes.put(idAndVotes[0], Integer.parseInt(idAndVotes[1]));
        }
        return votes;
    }
}
