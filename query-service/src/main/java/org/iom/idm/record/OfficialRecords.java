package org.iom.idm.record;

import org.iom.idm.ballot.BallotQueries;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallots;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.consultation.ConsultationQueries;
import org.iom.idm.consultation.ConsultationQueries.CirculationView;
import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.consultation.ConsultationQueries.FindConsultation;
import org.iom.idm.consultation.Phase;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.idm.record.DecisionEntries.DecisionEntry;
import org.iom.idm.record.OfficialRecord.Consultation;
import org.iom.idm.record.OfficialRecord.Decision;
import org.iom.idm.record.OfficialRecord.Draft;
import org.iom.idm.record.OfficialRecord.Procedure;
import org.iom.idm.record.OfficialRecord.Proposal;
import org.iom.idm.record.OfficialRecord.Result;
import org.iom.idm.record.OfficialRecord.Round;
import org.iom.idm.record.OfficialRecord.SilenceBreak;
import org.iom.idm.record.OfficialRecord.Tally;
import org.iom.idm.record.OfficialRecord.Vote;
import org.iom.idm.web.Queries;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Builds the official record from the read models: the consultation (with the drafts of a silence procedure), the
 * tally and the ballots of each round, and the audit trail.
 */
@Component
class OfficialRecords {

    /** The ballots read model has every ballot once it has seen voting close. */
    private static final Set<Phase> BALLOTS_FINAL = EnumSet.of(Phase.CLOSED, Phase.DECIDED);

    private final Queries queries;
    private final DecisionEntries decisionEntries;

    OfficialRecords(Queries queries, DecisionEntries decisionEntries) {
        this.queries = queries;
        this.decisionEntries = decisionEntries;
    }

    /** 404 for an unknown consultation, 409 WRONG_PHASE before it is decided. */
    OfficialRecord of(String consultationId) {
        ConsultationDetail consultation = queries.one(new FindConsultation(consultationId), ConsultationDetail.class,
                "no consultation '" + consultationId + "'");
        if (consultation.phase() != Phase.DECIDED) {
            throw new RuleViolation(ErrorCode.WRONG_PHASE, "the official record of '" + consultationId
                    + "' is published once the consultation is DECIDED; it is " + consultation.phase());
        }
        BallotQueries.Tally tally = queries.one(new FindTally(consultationId), BallotQueries.Tally.class,
                "no tally for '" + consultationId + "'");
        DecisionEntry entry = decisionEntries.of(consultationId).filter(found -> BALLOTS_FINAL.contains(tally.phase()))
                .orElseThrow(() -> new RuleViolation(ErrorCode.SERVICE_UNAVAILABLE, "the decision on '"
                        + consultationId + "' is not in every read model yet; ask again in a moment"));
        ConsultationQueries.Decision decision = consultation.decision();
        CirculationView unbroken = consultation.draftDecided();
        return new OfficialRecord(
                new Consultation(consultation.id(), consultation.title(), consultation.question(),
                        consultation.description(), consultation.parentId()),
                Procedure.of(consultation, tally.quorum()),
                consultation.proposals().stream().map(p -> new Proposal(p.id(), p.title(), p.summary(), p.proposer(),
                        p.status(), p.version())).toList(),
                drafts(consultation),
                unbroken != null ? List.of() : rounds(consultationId, tally.round()),
                new Decision(decision.selected(), decision.rationale(), decision.decidedBy(), entry.role(),
                        decision.decidedAt(), unbroken == null ? null : unbroken.number()),
                entry.head());
    }

    /** Every draft circulated, the first to the last, each with its breaks of silence; none under a recorded vote. */
    private static List<Draft> drafts(ConsultationDetail consultation) {
        List<CirculationView> circulated = new ArrayList<>(consultation.earlierCirculations());
        if (consultation.circulation() != null) {
            circulated.add(consultation.circulation());
        }
        return circulated.stream().map(draft -> new Draft(draft.number(), draft.selected(), draft.text(),
                draft.circulatedAt(), draft.deadline(), draft.breaks().stream()
                .map(broken -> new SilenceBreak(broken.memberState(), broken.reason(), broken.brokenAt()))
                .toList())).toList();
    }

    /** Every round held, the first to the last (rule 10): earlier rounds' ballots are part of the record too. */
    private List<Round> rounds(String consultationId, int last) {
        return IntStream.rangeClosed(1, last).mapToObj(round -> {
            BallotQueries.Tally tally = queries.one(new FindTally(consultationId, round), BallotQueries.Tally.class,
                    "no tally of round " + round + " of '" + consultationId + "'");
            return new Round(round, new Tally(tally.eligible(), tally.ballotsCast(), tally.abstentions(),
                    tally.quorum(), tally.quorumMet(), tally.results().stream()
                    .map(r -> new Result(r.proposalId(), r.votes())).toList(), tally.leading()),
                    queries.list(new FindBallots(consultationId, round), Ballot.class).stream()
                            .map(b -> new Vote(b.memberState(), b.choices(), b.abstain(), b.castAt(),
                                    b.explanation()))
                            .toList());
        }).toList();
    }
}
