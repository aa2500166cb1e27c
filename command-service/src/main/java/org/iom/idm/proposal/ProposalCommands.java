package org.iom.idm.proposal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on proposals and their comments; both live in their consultation's aggregate. */
public interface ProposalCommands {

    /** A command on an existing proposal, which its consultation forwards to it. */
    interface OnProposal {
        String proposalId();
    }

    /** A command on an existing comment, which its proposal forwards to it. */
    interface OnComment extends OnProposal {
        String commentId();
    }

    /** {@code proposalId} null: the consultation makes one from the title (the API's case; the demo seed names its). */
    record SubmitProposal(@TargetAggregateIdentifier String consultationId, String proposalId, String title,
                          String summary) {
    }

    record AmendProposal(@TargetAggregateIdentifier String consultationId, String proposalId, String title,
                         String summary) implements OnProposal {
    }

    record WithdrawProposal(@TargetAggregateIdentifier String consultationId, String proposalId, String reason)
            implements OnProposal {
    }

    record AddComment(@TargetAggregateIdentifier String consultationId, String proposalId, String commentId,
                      String text, String inReplyTo) implements OnProposal {
    }

    record EditComment(@TargetAggregateIdentifier String consultationId, String proposalId, String commentId,
                       String text) implements OnComment {
    }

    record RetractComment(@TargetAggregateIdentifier String consultationId, String proposalId, String commentId)
            implements OnComment {
    }

    record HideComment(@TargetAggregateIdentifier String consultationId, String proposalId, String commentId,
                       String reason) implements OnComment {
    }
}
