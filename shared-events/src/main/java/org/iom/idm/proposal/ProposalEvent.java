package org.iom.idm.proposal;

import org.axonframework.serialization.Revision;

/** What happens to a proposal; proposals live inside their consultation's event stream. */
public sealed interface ProposalEvent {

    String consultationId();

    String proposalId();

    /** {@code proposer}: a member state code or {@link Proposer#ADMINISTRATION}. Version 1. */
    @Revision("1")
    record ProposalSubmitted(String consultationId, String proposalId, String title, String summary,
                             String proposer) implements ProposalEvent {
    }

    @Revision("1")
    record ProposalAmended(String consultationId, String proposalId, int version, String title, String summary)
            implements ProposalEvent {
    }

    @Revision("1")
    record ProposalWithdrawn(String consultationId, String proposalId, String reason) implements ProposalEvent {
    }
}
