package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonBackReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.ballot.Outcome;
import org.iom.idm.consultation.ConsultationCommands.CloseVoting;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenRunoff;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.Timetable.Due;
import org.iom.idm.consultation.Timetable.Step;
import org.iom.idm.membership.VotingRightsRegister;
import org.iom.idm.rule.RefusalCode;

import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rule 4 and §8 rule 10: a consultation's rounds of voting under its declared procedure, majority rule
 * and tie break (frozen: no command changes them after creation). A round opens and closes by the chair's hand or
 * at the instants of the schedule; after a tie or no majority, a declared runoff opens the next round among the
 * tied or the top two; and what the vote gives binds the chair's decision as the declared rule says (rule 6 under
 * §8).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Rounds {

    @JsonBackReference
    private Consultation consultation;
    private Procedure procedure;
    private MajorityRule majority;
    private TieBreak tieBreak;
    private Procedure fallback;
    private Integer requestedQuorum;
    private int quorum;
    private int round;
    /** This round's candidates; null when every active proposal is one (the first round). */
    private List<String> candidates;
    /** Proposals adopted by earlier rounds, which keep their seats in a runoff. */
    private List<String> carried;

    private Rounds() {
        // for snapshots
    }

    Rounds(Consultation consultation, ConsultationCreated created) {
        this.consultation = consultation;
        procedure = created.declaredProcedure();
        majority = created.declaredMajority();
        tieBreak = created.declaredTieBreak();
        fallback = created.fallback();
        requestedQuorum = created.quorum();
        round = 1;
        carried = List.of();
    }

    /** The declarations a consultation is created with: a fallback only for a silence procedure. */
    static void requireValidDeclarations(CreateConsultation command) {
        require(command.fallback() == null || command.procedure() == Procedure.SILENCE,
                RefusalCode.VALIDATION_FAILED, "a fallback is declared only for a silence procedure", "fallback");
        require(command.fallback() == null || command.fallback() == Procedure.RECORDED_VOTE,
                RefusalCode.VALIDATION_FAILED, "a silence procedure falls back to a recorded vote", "fallback");
    }

    /** By hand, the chair opens voting before its scheduled instant, if any, which then does not act. */
    @CommandHandler
    void handle(OpenVoting command, Actor actor, VotingRightsRegister register, DeadlineManager deadlines) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair opens voting");
        requireVotingCanOpen();
        Timetable.cancel(Step.OPEN_VOTING, deadlines);
        openVoting(register);
    }

    @DeadlineHandler(deadlineName = Timetable.VOTING_OPENS)
    void votingOpensAt(Due due, VotingRightsRegister register) {
        if (consultation.timetable().isDue(Step.OPEN_VOTING, due, this::requireVotingCanOpen)) {
            openVoting(register);
        }
    }

    @CommandHandler
    void handle(CloseVoting command, Actor actor, DeadlineManager deadlines) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair closes voting");
        requireVotingCanClose();
        Timetable.cancel(Step.CLOSE_VOTING, deadlines);
        closeVoting();
    }

    @DeadlineHandler(deadlineName = Timetable.VOTING_CLOSES)
    void votingClosesAt(Due due) {
        if (consultation.timetable().isDue(Step.CLOSE_VOTING, due, this::requireVotingCanClose)) {
            closeVoting();
        }
    }

    @CommandHandler
    void handle(OpenRunoff command, Actor actor, VotingRightsRegister register) {
        require(actor.is(Role.CHAIR), RefusalCode.FORBIDDEN, "only the chair opens a runoff");
        consultation.requirePhase(Phase.CLOSED, "open a runoff");
        require(tieBreak == TieBreak.RUNOFF, RefusalCode.WRONG_PHASE,
                "this consultation declared that the chair breaks ties, not a runoff");
        Outcome outcome = consultation.ballotBox().outcome();
        require(outcome.status() != Outcome.Status.ADOPTED, RefusalCode.WRONG_PHASE,
                "round " + round + " adopted " + outcome.adopted() + "; there is nothing to run off");
        int eligible = register.countWithVotingRights();
        apply(new RunoffOpened(consultation.consultationId(), round + 1, outcome.runoffCandidates(),
                outcome.adopted(), eligible, quorumOf(eligible)));
    }

    /** A silence procedure's vote opens only as its declared fallback, once silence is broken (rule 8). */
    private void requireVotingCanOpen() {
        if (procedure == Procedure.SILENCE) {
            require(fallback == Procedure.RECORDED_VOTE, RefusalCode.WRONG_PHASE,
                    "this silence procedure declared no fallback to a recorded vote: re-circulate a draft");
            consultation.requirePhase(Phase.SILENCE_BROKEN, "open voting as the silence procedure's fallback");
        } else {
            consultation.requirePhase(Phase.OPEN, "open voting");
        }
        long active = consultation.proposals().activeIds().size();
        int selectCount = consultation.selectCount();
        require(active >= selectCount, RefusalCode.WRONG_PHASE,
                "voting needs at least " + selectCount + " active proposal(s); there are " + active);
    }

    private void openVoting(VotingRightsRegister register) {
        int eligible = register.countWithVotingRights();
        apply(new VotingOpened(consultation.consultationId(), eligible, quorumOf(eligible)));
    }

    /** The quorum asked for at creation, or a majority of those with voting rights now. */
    private int quorumOf(int eligible) {
        return requestedQuorum != null ? requestedQuorum : eligible / 2 + 1;
    }

    private void requireVotingCanClose() {
        consultation.requirePhase(Phase.VOTING, "close voting");
    }

    private void closeVoting() {
        BallotBox ballotBox = consultation.ballotBox();
        apply(new VotingClosed(consultation.consultationId(), ballotBox.cast(), ballotBox.abstentions(), quorum,
                ballotBox.cast() >= quorum));
    }

    /**
     * Why a decision for {@code selected} needs a rationale, or null when it does not (rule 6 under the declared
     * rule, §8). Without the quorum the vote settles nothing and the chair decides with a rationale. Otherwise
     * what a declared majority (SIMPLE, TWO_THIRDS) adopted binds the chair; a tie or a lack of majority is the
     * chair's to settle with a rationale, among the tied and keeping the adopted, unless a runoff was declared.
     * Under PLURALITY the chair may still depart from the top by votes with a rationale, as before.
     */
    String rationaleRequiredBecause(List<String> selected) {
        BallotBox ballotBox = consultation.ballotBox();
        if (ballotBox.cast() < quorum) {
            return "the quorum of " + quorum + " was not met (" + ballotBox.cast() + " ballots)";
        }
        Outcome outcome = ballotBox.outcome();
        Set<String> chosen = Set.copyOf(selected);
        boolean binding = majority != MajorityRule.PLURALITY;
        int selectCount = consultation.selectCount();
        if (outcome.status() == Outcome.Status.ADOPTED) {
            if (chosen.equals(Set.copyOf(outcome.adopted()))) {
                return null;
            }
            require(!binding, RefusalCode.VALIDATION_FAILED, "under the " + majority + " majority the vote adopted "
                    + outcome.adopted() + "; the decision records them", "selected");
            return "the selection differs from the leading " + selectCount + " by votes";
        }
        require(tieBreak == TieBreak.CHAIR, RefusalCode.WRONG_PHASE, "round " + round + " ended in "
                + outcome.status() + "; this consultation declared a runoff: open round " + (round + 1));
        if (binding) {
            require(chosen.containsAll(outcome.adopted()), RefusalCode.VALIDATION_FAILED,
                    "the vote adopted " + outcome.adopted() + "; the decision keeps them", "selected");
            require(outcome.status() != Outcome.Status.TIE || outcome.tied().containsAll(
                            chosen.stream().filter(id -> !outcome.adopted().contains(id)).toList()),
                    RefusalCode.VALIDATION_FAILED, "the chair chooses among the tied " + outcome.tied(), "selected");
        }
        return outcome.status() == Outcome.Status.TIE
                ? "a tie between " + outcome.tied() + " makes the leading " + selectCount + " ambiguous"
                : "no proposal reached the " + majority + " majority for every seat";
    }

    Procedure procedure() {
        return procedure;
    }

    MajorityRule majority() {
        return majority;
    }

    int round() {
        return round;
    }

    /** How many proposals this round's ballots may choose: the seats earlier rounds left. */
    int seats() {
        return consultation.selectCount() - carried.size();
    }

    List<String> carried() {
        return carried;
    }

    /** This round's candidates: the active proposals, or in a runoff those it is among. */
    List<String> candidateIds() {
        return consultation.proposals().activeIds().stream()
                .filter(id -> candidates == null || candidates.contains(id)).toList();
    }

    void requireCandidate(String proposalId) {
        require(candidates == null || candidates.contains(proposalId), RefusalCode.VALIDATION_FAILED,
                "round " + round + " is among " + candidates + " only, not '" + proposalId + "'", "choices");
    }

    @EventSourcingHandler
    void on(VotingOpened event) {
        quorum = event.quorum();
    }

    @EventSourcingHandler
    void on(RunoffOpened event) {
        quorum = event.quorum();
        round = event.round();
        candidates = List.copyOf(event.candidates());
        carried = List.copyOf(event.adopted());
    }
}
