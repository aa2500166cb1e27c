package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** What happens to a consultation as a whole. */
public sealed interface ConsultationEvent {

    String consultationId();

    /**
     * {@code quorum} is null when the default (a majority of those with voting rights) applies. Revision 2 added
     * the declarations of CONTRACT §8, null where none was declared (as in every earlier event), and then today's
     * apply: see {@link #declaredProcedure()} and the others. A null declaration stays out of the JSON, so an
     * earlier event renders as it did when the audit chain hashed it. {@code fallback} is null unless a silence
     * procedure falls back to a recorded vote.
     */
    @Revision("2")
    record ConsultationCreated(String consultationId, String title, String question, String description,
                               int selectCount, Integer quorum, String parentId,
                               @JsonInclude(Include.NON_NULL) Procedure procedure,
                               @JsonInclude(Include.NON_NULL) MajorityRule majority,
                               @JsonInclude(Include.NON_NULL) TieBreak tieBreak,
                               @JsonInclude(Include.NON_NULL) Procedure fallback)
            implements ConsultationEvent {

        /** The procedure that applies: a recorded vote unless another was declared. */
        public Procedure declaredProcedure() {
            return procedure == null ? Procedure.RECORDED_VOTE : procedure;
        }

        /** The majority rule that applies: plurality unless another was declared. */
        public MajorityRule declaredMajority() {
            return majority == null ? MajorityRule.PLURALITY : majority;
        }

        /** The tie break that applies: the chair unless a runoff was declared. */
        public TieBreak declaredTieBreak() {
            return tieBreak == null ? TieBreak.CHAIR : tieBreak;
        }

        /** A consultation with today's procedure, rule and tie break. */
        public ConsultationCreated(String consultationId, String title, String question, String description,
                                   int selectCount, Integer quorum, String parentId) {
            this(consultationId, title, question, description, selectCount, quorum, parentId, null, null, null,
                    null);
        }
    }

    @Revision("1")
    record ConsultationCancelled(String consultationId, Phase previousPhase, String reason)
            implements ConsultationEvent {
    }

    /** {@code eligible}: member states with voting rights at this moment; {@code quorum}: the ballots needed. */
    @Revision("1")
    record VotingOpened(String consultationId, int eligible, int quorum) implements ConsultationEvent {
    }

    @Revision("1")
    record VotingClosed(String consultationId, int ballotsCast, int abstentions, int quorum, boolean quorumMet)
            implements ConsultationEvent {
    }

    /**
     * The consultation's schedule from now on (CONTRACT §8), set at creation or changed later: at each of its
     * instants the system acts by itself.
     */
    @Revision("1")
    record ConsultationScheduled(String consultationId, Schedule schedule) implements ConsultationEvent {
    }

    /** The schedule closed comments: none is added, edited or retracted from now on. */
    @Revision("1")
    record CommentsClosed(String consultationId) implements ConsultationEvent {
    }

    /**
     * Rule 10: a new round of voting among {@code candidates}, after a closed round that ended in a tie or without
     * a majority; {@code adopted}: the proposals earlier rounds adopted, which keep their seats.
     * {@code eligible} and {@code quorum} as when voting opened, judged again now.
     */
    @Revision("1")
    record RunoffOpened(String consultationId, int round, List<String> candidates, List<String> adopted,
                        int eligible, int quorum) implements ConsultationEvent {
    }

    /**
     * Rule 8: the chair circulates a draft decision under the silence procedure; unbroken at {@code deadline}, it
     * becomes the decision. {@code circulation} counts from 1: a re-circulation after a break is the next.
     */
    @Revision("1")
    record DraftCirculated(String consultationId, int circulation, List<String> selected, String text,
                           Instant deadline) implements ConsultationEvent {
    }

    /** Rule 8: a member state with voting rights breaks silence on the draft in circulation, with its reason. */
    @Revision("1")
    record SilenceBroken(String consultationId, int circulation, String memberState, String reason)
            implements ConsultationEvent {
    }

    /** {@code rationale} is null when the rules did not require one and none was given. */
    @Revision("1")
    record DecisionRecorded(String consultationId, List<String> selected, String rationale)
            implements ConsultationEvent {
    }
}
