package org.iom.idm.ballot;

import org.axonframework.eventhandling.DomainEventMessage;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Casting, changing and refusing ballots over HTTP (CONTRACT §3 rule 5, §4, §5). */
class BallotApiTest extends ApiTestSupport {

    @Test
    void aDelegateCastsItsStatesBallotAndTheEventSaysWho() {
        Voting voting = votingOn(1, 2);
        String state = claimMemberState();

        Reply reply = as(delegateOf(state)).header("X-Correlation-Id", "ballot-" + state)
                .put(ballotOf(voting, state), Map.of("choices", List.of(voting.first())));

        assertNoContent(reply);
        assertThat(reply.header("X-Correlation-Id")).isEqualTo("ballot-" + state);
        DomainEventMessage<?> event = lastEventOf(voting.cid());
        assertThat(event.getPayload()).isEqualTo(new BallotCast(voting.cid(), state, List.of(voting.first()), false,
                null, Map.of(voting.first(), 1)));
        assertActor(event, delegateOf(state), "DELEGATE", state);
        assertThat(event.getMetaData().get("correlationId")).isEqualTo("ballot-" + state);
    }

    @Test
    void aDelegateAbstainsExplicitly() {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();

        assertNoContent(as(delegateOf(state)).put(ballotOf(voting, state), Map.of("abstain", true)));

        assertThat(lastPayloadOf(voting.cid(), BallotCast.class))
                .isEqualTo(new BallotCast(voting.cid(), state, List.of(), true, null, Map.of()));
    }

    @Test
    void aBallotMayBeChangedUntilVotingCloses() {
        Voting voting = votingOn(1, 2);
        String state = claimMemberState();
        castBallot(voting.cid(), state, voting.first());

        assertNoContent(as(delegateOf(state)).put(ballotOf(voting, state), Map.of("choices", List.of(voting.second()))));

        assertThat(lastPayloadOf(voting.cid(), BallotChanged.class))
                .isEqualTo(new BallotChanged(voting.cid(), state, List.of(voting.second()), false,
                        null, Map.of(voting.second(), 1)));
    }

    @Test
    void castingTheSameBallotAgainRecordsNothingNew() {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();
        castBallot(voting.cid(), state, voting.first());
        long before = storedEventCount();

        assertNoContent(as(delegateOf(state)).put(ballotOf(voting, state), Map.of("choices", List.of(voting.first()))));

        assertThat(storedEventCount()).isEqualTo(before);
    }

    @Test
    void aBallotNamesUpToSelectCountDistinctProposals() {
        Voting voting = votingOn(2, 3);
        String state = claimMemberState();

        assertNoContent(as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(voting.first(), voting.second()))));

        assertThat(lastPayloadOf(voting.cid(), BallotCast.class).choices())
                .containsExactly(voting.first(), voting.second());
    }

    @Test
    void aDelegateCannotCastAnotherStatesBallot() {
        Voting voting = votingOn(1, 1);
        String other = claimMemberState();

        assertRejected(403, "FORBIDDEN", () -> as(delegateOf(claimMemberState())).put(ballotOf(voting, other),
                Map.of("choices", List.of(voting.first()))));
    }

    @ParameterizedTest
    @ValueSource(strings = {SECRETARIAT, CHAIR, OBSERVER})
    void onlyDelegatesCastBallots(String user) {
        Voting voting = votingOn(1, 1);

        assertRejected(403, "FORBIDDEN", () -> as(user).put(ballotOf(voting, claimMemberState()),
                Map.of("choices", List.of(voting.first()))));
    }

    @Test
    void castingInAnUnknownConsultationIsNotFound() {
        String state = claimMemberState();

        assertRejected(404, "NOT_FOUND", () -> as(delegateOf(state)).put(consultation(uniqueId("missing"))
                + "/ballots/" + state, Map.of("abstain", true)));
    }

    @Test
    void choosingAnUnknownProposalIsNotFound() {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();

        assertRejected(404, "NOT_FOUND", () -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(uniqueId("missing")))));
    }

    @Test
    void aBallotNamesAProposalOrAbstains() {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();

        assertRejected(400, "VALIDATION_FAILED", () -> as(delegateOf(state)).put(ballotOf(voting, state), Map.of()));
        assertRejected(400, "VALIDATION_FAILED", () -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(), "abstain", false)));
    }

    @Test
    void anAbstentionNamesNoProposal() {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();

        assertRejected(400, "VALIDATION_FAILED", () -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(voting.first()), "abstain", true)));
    }

    /** The rule's refusal reaches the client as problem+json naming the field it concerns (CONTRACT §5). */
    @Test
    void aBallotRefusedByItsRuleNamesTheOffendingField() {
        Voting voting = votingOn(2, 2);
        String state = claimMemberState();

        assertInvalid(() -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(voting.first()), "abstain", true)), "choices");
        assertInvalid(() -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(voting.first(), voting.first()))), "choices");
    }

    @Test
    void aBallotsChoicesAreDistinct() {
        Voting voting = votingOn(2, 2);
        String state = claimMemberState();

        assertRejected(400, "VALIDATION_FAILED", () -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(voting.first(), voting.first()))));
    }

    @Test
    void refusesBlankChoicesAndNamesThem() {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();
        Map<String, Object> body = new HashMap<>();
        body.put("choices", Collections.singletonList(null));

        assertInvalid(() -> as(delegateOf(state)).put(ballotOf(voting, state), body), "choices[0]");
        assertInvalid(() -> as(delegateOf(state)).put(ballotOf(voting, state), Map.of("choices", List.of(" "))),
                "choices[0]");
    }

    @Test
    void refusesAnAbsurdNumberOfChoicesAndNamesThem() {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();

        assertInvalid(() -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", Collections.nCopies(101, voting.first()))), "choices");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"choices\": \"one\"}", "{\"choices\": [[\"one\"]]}", "{\"abstain\": \"yes\"}"})
    void refusesChoicesOrAbstentionOfTheWrongType(String body) {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();

        assertRejected(400, "MALFORMED_REQUEST", () -> as(delegateOf(state)).send("PUT", ballotOf(voting, state),
                JSON_TYPE, withLength(body)));
    }

    @Test
    void moreChoicesThanSelectCountAreTooMany() {
        Voting voting = votingOn(1, 2);
        String state = claimMemberState();

        assertRejected(409, "TOO_MANY_CHOICES", () -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(voting.first(), voting.second()))));
    }

    @Test
    void noBallotsBeforeVotingOpens() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        String state = claimMemberState();

        assertRejected(409, "WRONG_PHASE", () -> as(delegateOf(state)).put(consultation(cid) + "/ballots/" + state,
                Map.of("choices", List.of(pid))));
    }

    @Test
    void noBallotsAfterVotingCloses() {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();
        closeVoting(voting.cid());

        assertRejected(409, "WRONG_PHASE", () -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(voting.first()))));
    }

    @Test
    void aWithdrawnProposalCannotBeChosen() {
        String cid = newConsultation();
        String active = submitProposal(cid, SECRETARIAT);
        String withdrawn = submitProposal(cid, SECRETARIAT);
        withdraw(cid, withdrawn, SECRETARIAT);
        openVoting(cid);
        String state = claimMemberState();

        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(delegateOf(state)).put(
                consultation(cid) + "/ballots/" + state, Map.of("choices", List.of(withdrawn))));
        castBallot(cid, state, active);
    }

    @Test
    void aStateWithSuspendedVotingRightsCannotVoteUntilReinstated() {
        Voting voting = votingOn(1, 1);
        String state = claimMemberState();
        assertNoContent(as(SECRETARIAT).post(memberState(state) + "/suspend-voting-rights", reason("Arrears")));

        assertRejected(409, "VOTING_RIGHTS_SUSPENDED", () -> as(delegateOf(state)).put(ballotOf(voting, state),
                Map.of("choices", List.of(voting.first()))));

        assertNoContent(as(SECRETARIAT).post(memberState(state) + "/reinstate-voting-rights"));
        castBallot(voting.cid(), state, voting.first());
        assertThat(lastPayloadOf(voting.cid(), BallotCast.class).memberState()).isEqualTo(state);
    }

    // --- fixtures ---------------------------------------------------------------------------------------------

    /** A consultation in VOTING and its first two proposals (the second is null when there is only one). */
    private record Voting(String cid, String first, String second) {
    }

    private Voting votingOn(int selectCount, int proposals) {
        String cid = newConsultation(Map.of("selectCount", selectCount));
        String first = submitProposal(cid, SECRETARIAT);
        String second = null;
        for (int i = 1; i < proposals; i++) {
            String pid = submitProposal(cid, SECRETARIAT);
            second = second == null ? pid : second;
        }
        openVoting(cid);
        return new Voting(cid, first, second);
    }

    private static String ballotOf(Voting voting, String state) {
        return consultation(voting.cid()) + "/ballots/" + state;
    }
}
