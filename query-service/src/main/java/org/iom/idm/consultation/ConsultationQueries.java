package org.iom.idm.consultation;

import org.iom.idm.proposal.ProposalStatus;

import java.time.Instant;
import java.util.List;

/** Queries on consultations and the views they answer with (CONTRACT §5). */
public interface ConsultationQueries {

    record FindConsultations() {
    }

    record FindConsultation(String consultationId) {
    }

    record ConsultationSummary(String id, String title, Phase phase, int proposalCount, String parentId) {
    }

    /**
     * {@code cancellationReason}: the secretariat's, public to every reader (rule 11); null unless cancelled.
     * {@code procedure}, {@code majority}, {@code tieBreak} and {@code fallback} as declared at creation (CONTRACT
     * §8); {@code round}: the current round of voting, 1 until a runoff. {@code circulation}: under a silence
     * procedure, the latest draft circulated, null before the first; {@code earlierCirculations}: the drafts
     * before it, oldest first, each with the breaks that ended it (rule 8).
     */
    record ConsultationDetail(String id, String title, String question, String description, Phase phase,
                              int selectCount, Integer quorum, String parentId, List<ProposalSummary> proposals,
                              Decision decision, String cancellationReason, ScheduleView schedule,
                              Procedure procedure, MajorityRule majority, TieBreak tieBreak, Procedure fallback,
                              int round, CirculationView circulation, List<CirculationView> earlierCirculations) {

        /**
         * Rule 8: the draft that became the decision, its deadline passed unbroken, with no vote; null otherwise. A
         * draft once broken is followed by another draft or by the fallback vote.
         */
        public CirculationView draftDecided() {
            return phase == Phase.DECIDED && circulation != null && circulation.breaks().isEmpty() ? circulation : null;
        }
    }

    /** A draft decision under the silence procedure, numbered from 1, and the breaks of silence on it. */
    record CirculationView(int number, List<String> selected, String text, Instant deadline, Instant circulatedAt,
                           List<SilenceBreak> breaks) {
    }

    /** A member state's break of silence and its reason, public to every reader (rules 8 and 11). */
    record SilenceBreak(String memberState, String reason, Instant brokenAt) {
    }

    /** CONTRACT §8: the instants at which the system acts (each null when not set), and whether comments closed. */
    record ScheduleView(Instant commentsCloseAt, Instant votingOpensAt, Instant votingClosesAt,
                        boolean commentsClosed) {
    }

    /** {@code withdrawalReason}: the proposer's, public to every reader (rule 11); null unless withdrawn. */
    record ProposalSummary(String id, String title, String summary, String proposer, ProposalStatus status,
                           int version, int commentCount, String withdrawalReason) {
    }

    record Decision(List<String> selected, String rationale, String decidedBy, Instant decidedAt) {
    }
}
