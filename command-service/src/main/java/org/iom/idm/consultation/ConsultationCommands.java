package org.iom.idm.consultation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Commands on a consultation as a whole. The acting user travels as metadata (see {@code Actor}). */
public interface ConsultationCommands {

    /** {@code quorum} null: a majority of those with voting rights when voting opens. */
    record CreateConsultation(@TargetAggregateIdentifier String consultationId, String title, String question,
                              String description, int selectCount, Integer quorum, String parentId) {
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
