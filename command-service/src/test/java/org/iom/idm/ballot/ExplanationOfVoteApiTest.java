package org.iom.idm.ballot;

import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PUT .../ballots/{memberState} with an explanation of vote (CONTRACT §8 rule 9). */
class ExplanationOfVoteApiTest extends ApiTestSupport {

    /** One code point outside the Basic Multilingual Plane: two UTF-16 units, four UTF-8 bytes. */
    private static final String ASTRAL = "\uD83C\uDF0D";

    @Test
    void aBallotCarriesItsExplanationAndTheVersionOfTheAmendedProposalItChooses() {
        String cid = newConsultation();
        String amended = submitProposal(cid, SECRETARIAT);
        String other = submitProposal(cid, SECRETARIAT);
        assertNoContent(as(SECRETARIAT).put(proposal(cid, amended),
                Map.of("title", "Migration and development", "summary", "Reworded once")));
        openVoting(cid);
        String state = claimMemberState();

        assertNoContent(as(delegateOf(state)).put(ballot(cid, state),
                Map.of("choices", List.of(amended), "explanation", "Développement d'abord.")));
        assertThat(lastPayloadOf(cid, BallotCast.class)).isEqualTo(new BallotCast(cid, state, List.of(amended),
                false, "Développement d'abord.", Map.of(amended, 2)));

        assertNoContent(as(delegateOf(state)).put(ballot(cid, state), Map.of("choices", List.of(other))));
        assertThat(lastPayloadOf(cid, BallotChanged.class)).as("an explanation left out is no longer given")
                .isEqualTo(new BallotChanged(cid, state, List.of(other), false, null, Map.of(other, 1)));
    }

    @Test
    void changingOnlyTheExplanationChangesTheBallot() {
        String cid = votingOnOneProposal();
        String state = claimMemberState();
        assertNoContent(as(delegateOf(state)).put(ballot(cid, state), Map.of("abstain", true)));

        assertNoContent(as(delegateOf(state)).put(ballot(cid, state),
                Map.of("abstain", true, "explanation", "We abstain pending consultations at home.")));

        assertThat(lastPayloadOf(cid, BallotChanged.class)).isEqualTo(new BallotChanged(cid, state, List.of(), true,
                "We abstain pending consultations at home.", Map.of()));
        long before = storedEventCount();
        assertNoContent(as(delegateOf(state)).put(ballot(cid, state),
                Map.of("abstain", true, "explanation", "We abstain pending consultations at home.")));
        assertThat(storedEventCount()).as("the same ballot and explanation again record nothing").isEqualTo(before);
    }

    @Test
    void aBlankExplanationIsRefusedNamingIt() {
        String cid = votingOnOneProposal();
        String state = claimMemberState();

        for (String blank : List.of("", "  \n ")) {
            assertInvalid(() -> as(delegateOf(state)).put(ballot(cid, state),
                    Map.of("abstain", true, "explanation", blank)), "explanation");
        }
    }

    @Test
    void anExplanationHasAtMost2000CharactersCountedInCodePoints() {
        String cid = votingOnOneProposal();
        String state = claimMemberState();

        assertNoContent(as(delegateOf(state)).put(ballot(cid, state),
                Map.of("abstain", true, "explanation", ASTRAL.repeat(2000))));
        assertThat(lastPayloadOf(cid, BallotCast.class).explanation()).isEqualTo(ASTRAL.repeat(2000));
        assertInvalid(() -> as(delegateOf(state)).put(ballot(cid, state),
                Map.of("abstain", true, "explanation", ASTRAL.repeat(2000) + "!")), "explanation");
        assertInvalid(() -> as(delegateOf(state)).put(ballot(cid, state),
                Map.of("abstain", true, "explanation", "x".repeat(2001))), "explanation");
    }

    private String votingOnOneProposal() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        return cid;
    }

    private static String ballot(String cid, String state) {
        return consultation(cid) + "/ballots/" + state;
    }
}
