package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonBackReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.iom.idm.actor.Actor;
import org.iom.idm.ballot.BallotCommands.CastBallot;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.ballot.Outcome;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.membership.AccreditationRoster;
import org.iom.idm.membership.VotingRights;
import org.iom.idm.membership.VotingRightsRegister;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rules 5 and 6: a consultation's ballots of the current round, one per member state, the latest
 * counting; and what they say about the decision (the quorum, the outcome under the declared rule, §8 rule 10).
 * CONTRACT §8 rule 9: a ballot may carry an explanation of vote, and records the version of each proposal it
 * chooses.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class BallotBox {

    /** CONTRACT §8 rule 9, counted in code points (CONTRACT §9). */
    static final int EXPLANATION_LIMIT = 2000;

    @JsonBackReference
    private Consultation consultation;
    private Map<String, Ballot> ballots = new HashMap<>();

    private BallotBox() {
        // for snapshots
    }

    BallotBox(Consultation consultation) {
        this.consultation = consultation;
    }

    @CommandHandler
    void handle(CastBallot command, Actor actor, VotingRightsRegister register, AccreditationRoster roster) {
        String state = command.memberState();
        require(actor.isDelegateOf(state), RefusalCode.FORBIDDEN, "only a delegate of " + state + " casts its ballot");
        roster.requireSpeaksForState(actor, "cast its ballot");
        consultation.requirePhase(Phase.VOTING, "cast ballots");
        VotingRights rights = register.votingRightsOf(state)
                .orElseThrow(() -> new RuleRefused(RefusalCode.NOT_FOUND, "no member state " + state));
        require(rights == VotingRights.ACTIVE, RefusalCode.VOTING_RIGHTS_SUSPENDED,
                state + "'s voting rights are suspended");
        List<String> choices = command.choices() == null ? List.of() : command.choices();
        if (command.abstain()) {
            require(choices.isEmpty(), RefusalCode.VALIDATION_FAILED, "an abstention names no proposal", "choices");
        } else {
            int selectCount = consultation.rounds().seats();
            require(!choices.isEmpty(), RefusalCode.VALIDATION_FAILED,
                    "a ballot names at least one proposal, or abstains", "choices");
            require(new HashSet<>(choices).size() == choices.size(), RefusalCode.VALIDATION_FAILED,
                    "a ballot's choices must be distinct", "choices");
            require(choices.size() <= selectCount, RefusalCode.TOO_MANY_CHOICES,
                    "at most " + selectCount + " choice(s) in this consultation, not " + choices.size());
            choices.forEach(consultation.proposals()::requireActive);
            choices.forEach(consultation.rounds()::requireCandidate);
        }
        String explanation = command.explanation();
        if (explanation != null) {
            require(!explanation.isBlank(), RefusalCode.VALIDATION_FAILED,
                    "an explanation of vote is left out, not blank", "explanation");
            require(explanation.codePointCount(0, explanation.length()) <= EXPLANATION_LIMIT,
                    RefusalCode.VALIDATION_FAILED,
                    "an explanation of vote has at most " + EXPLANATION_LIMIT + " characters", "explanation");
        }
        Ballot previous = ballots.get(state);
        Ballot next = new Ballot(List.copyOf(choices), command.abstain(), explanation);
        if (previous != null && previous.sameAs(next)) {
            return;
        }
        Map<String, Integer> versions = new LinkedHashMap<>();
        next.choices().forEach(choice -> versions.put(choice, consultation.proposals().versionOf(choice)));
        if (previous == null) {
            apply(new BallotCast(consultation.consultationId(), state, next.choices(), next.abstain(), explanation,
                    versions, consultation.rounds().round()));
        } else {
            apply(new BallotChanged(consultation.consultationId(), state, next.choices(), next.abstain(),
                    explanation, versions, consultation.rounds().round()));
        }
    }

    int cast() {
        return ballots.size();
    }

    int abstentions() {
        return (int) ballots.values().stream().filter(Ballot::abstain).count();
    }

    /** What this round gives under the declared rule. */
    Outcome outcome() {
        Map<String, Integer> votes = new LinkedHashMap<>();
        consultation.rounds().candidateIds().forEach(id -> votes.put(id, 0));
        ballots.values().forEach(ballot -> ballot.choices().forEach(choice -> votes.computeIfPresent(choice,
                (id, count) -> count + 1)));
        return Outcome.of(consultation.rounds().majority(), consultation.rounds().carried(), votes, consultation.selectCount(),
                cast() - abstentions());
    }

    @EventSourcingHandler
    void on(BallotCast event) {
        ballots.put(event.memberState(), new Ballot(event.choices(), event.abstain(), event.explanation()));
    }

    @EventSourcingHandler
    void on(BallotChanged event) {
        ballots.put(event.memberState(), new Ballot(event.choices(), event.abstain(), event.explanation()));
    }

    /** A runoff starts with an empty box; the earlier rounds' ballots stay in the events. */
    @EventSourcingHandler
    void on(RunoffOpened event) {
        ballots.clear();
    }

    /** Snapshots taken before explanations existed load with none, as their ballots had none. */
    private record Ballot(List<String> choices, boolean abstain, String explanation) {
        boolean sameAs(Ballot other) {
            return abstain == other.abstain && Set.copyOf(choices).equals(Set.copyOf(other.choices))
                    && Objects.equals(explanation, other.explanation);
        }
    }
}
