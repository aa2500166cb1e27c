package org.iom.idm.consultation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Commands on a consultation as a whole. The acting user travels as metadata (see {@code Actor}). */
public interface ConsultationCommands {

    /**
     * {@code quorum} null: a majority of those with voting rights when voting opens. {@code schedule}
     * {@link Schedule#NONE}: nothing happens by itself.
     */
    record CreateConsultation(@TargetAggregateIdentifier String consultationId, String title, String question,
                              String description, int selectCount, Integer quorum, String parentId,
                              Schedule schedule) {

        public CreateConsultation {
            schedule = schedule == null ? Schedule.NONE : schedule;
        }

        public CreateConsultation(String consultationId, String title, String question, String description,
                                  int selectCount, Integer quorum, String parentId) {
            this(consultationId, title, question, description, selectCount, quorum, parentId, Schedule.NONE);
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

    record RecordDecision(@TargetAggregateIdentifier String consultationId, List<String> selected,
                          String rationale) {
    }
}
