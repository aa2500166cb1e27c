package org.iom.idm.consultation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Commands on a consultation as a whole. The acting user travels as metadata (see {@code Actor}). */
public interface ConsultationCommands {

    /**
     * {@code quorum} null: a majority of those with voting rights when voting opens. {@code procedure},
     * {@code majority} and {@code tieBreak} null: today's (a recorded vote, plurality, the chair); {@code fallback}
     * only for a silence procedure. No command changes them later: they are frozen from creation on.
     * {@code schedule} {@link Schedule#NONE}: nothing happens by itself.
     */
    record CreateConsultation(@TargetAggregateIdentifier String consultationId, String title, String question,
                              String description, int selectCount, Integer quorum, String parentId,
                              Procedure procedure, MajorityRule majority, TieBreak tieBreak, Procedure fallback,
                              Schedule schedule) {

        public CreateConsultation {
            schedule = schedule == null ? Schedule.NONE : schedule;
        }

        /** With today's procedure, rule and tie break, and no schedule. */
        public CreateConsultation(String consultationId, String title, String question, String description,
                                  int selectCount, Integer quorum, String parentId) {
            this(consultationId, title, question, description, selectCount, quorum, parentId, null, null, null,
                    null, Schedule.NONE);
        }

        /** With today's procedure, rule and tie break. */
        public CreateConsultation(String consultationId, String title, String question, String description,
                                  int selectCount, Integer quorum, String parentId, Schedule schedule) {
            this(consultationId, title, question, description, selectCount, quorum, parentId, null, null, null,
                    null, schedule);
        }

        /** With no schedule. */
        public CreateConsultation(String consultationId, String title, String question, String description,
                                  int selectCount, Integer quorum, String parentId, Procedure procedure,
                                  MajorityRule majority, TieBreak tieBreak, Procedure fallback) {
            this(consultationId, title, question, description, selectCount, quorum, parentId, procedure, majority,
                    tieBreak, fallback, Schedule.NONE);
        }
    }

    /** The whole schedule from now on: an instant left out is no longer set. */
    record ChangeSchedule(@TargetAggregateIdentifier String consultationId, Schedule schedule) {

        public ChangeSchedule {
            schedule = schedule == null ? Schedule.NONE : schedule;
        }
    }

    record CancelConsultation(@TargetAggregateIdentifier String consultationId, String reason) {
    }

    record OpenVoting(@TargetAggregateIdentifier String consultationId) {
    }

    record CloseVoting(@TargetAggregateIdentifier String consultationId) {
    }

    /** Rule 10: the next round of voting, among the tied or the top two. */
    record OpenRunoff(@TargetAggregateIdentifier String consultationId) {
    }

    /** Rule 8: a draft decision, in circulation under the silence procedure until {@code deadline}. */
    record CirculateDraft(@TargetAggregateIdentifier String consultationId, List<String> selected, String text,
                          Instant deadline) {
    }

    /** Rule 8: the acting delegate's member state breaks silence on the draft in circulation. */
    record BreakSilence(@TargetAggregateIdentifier String consultationId, String reason) {
    }

    record RecordDecision(@TargetAggregateIdentifier String consultationId, List<String> selected,
                          String rationale) {
    }
}
