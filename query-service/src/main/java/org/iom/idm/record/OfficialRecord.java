package org.iom.idm.record;

import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.proposal.ProposalStatus;

import java.time.Instant;
import java.util.List;

/**
 * The official record of a decided consultation (CONTRACT §7), in no language: ids, codes, numbers, and texts as
 * they were written. Everything in it is final once the consultation is decided, so its canonical JSON
 * ({@link CanonicalJson}) and the signature over it are the same whoever asks and whenever.
 */
public record OfficialRecord(Consultation consultation, Procedure procedure, List<Proposal> proposals,
                             List<Draft> drafts, List<Round> rounds, Decision decision, AuditHead auditHead) {

    public record Consultation(String id, String title, String question, String description, String parentId) {
    }

    /**
     * The rules that applied: how ballots are cast and counted, how many proposals are selected and how many
     * ballots make the quorum; {@code fallback}: the procedure a silence procedure falls back to once silence is
     * broken, or null.
     */
    public record Procedure(String procedure, String majority, String tieBreak, String fallback, int selectCount,
                            Integer quorum) {

        /** As the consultation declared them at its creation (CONTRACT §8), which no command changes after. */
        static Procedure of(ConsultationDetail consultation, Integer quorum) {
            return new Procedure(consultation.procedure().name(), consultation.majority().name(),
                    consultation.tieBreak().name(),
                    consultation.fallback() == null ? null : consultation.fallback().name(),
                    consultation.selectCount(), quorum);
        }
    }

    /** Each proposal as it stood at the end, withdrawn ones included. */
    public record Proposal(String id, String title, String summary, String proposer, ProposalStatus status,
                           int version) {
    }

    /**
     * A draft decision circulated under the silence procedure (CONTRACT §8 rule 8), numbered from 1, with the
     * proposals it selects and every break of silence on it, in the order they came.
     */
    public record Draft(int number, List<String> selected, String text, Instant circulatedAt, Instant deadline,
                       List<SilenceBreak> breaks) {
    }

    /** A member state broke silence on a draft, with its reason. */
    public record SilenceBreak(String memberState, String reason, Instant brokenAt) {
    }

    /**
     * A round of the recorded vote (CONTRACT §8 rule 10: a runoff is the next round), with its tally and the
     * ballot each member state had at its close; the last round's tally is the final one.
     */
    public record Round(int round, Tally tally, List<Vote> votes) {
    }

    /** A round's count: {@code results} in the tally's order, {@code leading} the top by votes. */
    public record Tally(Integer eligible, int ballotsCast, int abstentions, Integer quorum, boolean quorumMet,
                        List<Result> results, List<String> leading) {
    }

    public record Result(String proposalId, int votes) {
    }

    /** A member state's recorded (last) ballot of its round, with its explanation of vote or null. */
    public record Vote(String memberState, List<String> choices, boolean abstain, Instant castAt,
                       String explanation) {
    }

    /**
     * {@code decidedBy} and {@code role}: the user who recorded it and the role they acted in; {@code draft}: the
     * number of the draft whose deadline passed unbroken, so that the system recorded it as the decision (rule 8),
     * or null for a decision recorded after a vote.
     */
    public record Decision(List<String> selected, String rationale, String decidedBy, String role,
                           Instant decidedAt, Integer draft) {
    }

    /** The audit entry of the decision: a chain verified up to it holds everything before it unchanged. */
    public record AuditHead(long position, String hash) {
    }
}
