package org.iom.idm.proposal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on proposals and their comments; both live in their consultation's aggregate. */
public interface ProposalCommands {

    /** {@code proposalId} null: the consultation makes one from the title (the API's case; the demo seed names its). */
    record SubmitProposal(@TargetAggregateIdentifier String consultationId, String proposalId, String title,
                          String summary) {
    }

    record AmendProposal(@TargetAggregateIdentifier String consultationId, String proposalId, String title,
                         String summary) {
    }

    record WithdrawProposal(@TargetAggregateIdentifier String consultationId, String proposalId, String reason) {
    }

    record AddComment(@TargetAggregateIdentifier String consultationId, String proposalId, String commentId,
                      String text, String inReplyTo) {
    }

    record EditComment(@TargetAggregateIdentifier String consultationId, String proposalId, String commentId,
                       String text) {
    }

    record RetractComment(@TargetAggregateIdentifier String consultationId, String proposalId, String commentId) {
    }

    record HideComment(@TargetAggregateIdentifier String consultationId, String proposalId, String commentId,
                       String reason) {
    }
}
