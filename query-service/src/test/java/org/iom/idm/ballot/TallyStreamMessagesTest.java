package org.iom.idm.ballot;

import org.assertj.core.groups.Tuple;
import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotQueries.ProposalVotes;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.ballot.TallyController.PhaseChange;
import org.iom.idm.consultation.MajorityRule;
import org.iom.idm.consultation.Phase;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** CONTRACT §7: each message of a tally stream is judged by the phase of the tally it carries. */
class TallyStreamMessagesTest {

    private static final String CID = "idm-2026";

    private static Tally tally(Phase phase, int ballotsCast) {
        return new Tally(CID, phase, 10, ballotsCast, 0, 6, false,
                List.of(new ProposalVotes("p1", "Diasporas", ballotsCast)), List.of("p1"), 1,
                Outcome.pending(MajorityRule.PLURALITY));
    }

    private static final List<Tally> A_VOTE = List.of(tally(Phase.OPEN, 0), tally(Phase.VOTING, 0),
            tally(Phase.VOTING, 1), tally(Phase.VOTING, 2), tally(Phase.CLOSED, 2));

    private static List<ServerSentEvent<Object>> messages(Role role, List<Tally> tallies) {
        return TallyController.asSeenBy(role, Flux.fromIterable(tallies)).collectList().block();
    }

    @Test
    void anObserverLearnsOnlyThatVotingOpenedOnceAndTheTallyAgainWhenItCloses() {
        assertThat(messages(Role.OBSERVER, A_VOTE)).extracting(ServerSentEvent::event, ServerSentEvent::data)
                .containsExactly(
                        tuple("tally", A_VOTE.get(0)),
                        tuple("phase", new PhaseChange(CID, Phase.VOTING)),
                        tuple("tally", A_VOTE.get(4)));
    }

    @Test
    void aDelegateLearnsThatAVoteWasCancelledButNotItsCount() {
        List<Tally> cancelled = List.of(tally(Phase.OPEN, 0), tally(Phase.VOTING, 0), tally(Phase.VOTING, 1),
                tally(Phase.CANCELLED, 1));

        assertThat(messages(Role.DELEGATE, cancelled)).extracting(ServerSentEvent::event, ServerSentEvent::data)
                .containsExactly(
                        tuple("tally", cancelled.get(0)),
                        tuple("phase", new PhaseChange(CID, Phase.VOTING)),
                        tuple("phase", new PhaseChange(CID, Phase.CANCELLED)));
    }

    @Test
    void theChairAndTheSecretariatFollowEveryTallyWhileVotingRuns() {
        for (Role role : List.of(Role.CHAIR, Role.SECRETARIAT)) {
            assertThat(messages(role, A_VOTE)).extracting(ServerSentEvent::event, ServerSentEvent::data)
                    .as("%s", role)
                    .containsExactly(A_VOTE.stream().map(tally -> tuple("tally", tally)).toArray(Tuple[]::new));
        }
    }
}
