package org.iom.idm.consultation;

import org.axonframework.serialization.Revision;

import java.util.List;

/** What happens to a consultation as a whole. */
public sealed interface ConsultationEvent {

    String consultationId();

    /** {@code quorum} is null when the default (a majority of those with voting rights) applies. */
    @Revision("1")
    record ConsultationCreated(String consultationId, String title, String question, String description,
                               int selectCount, Integer quorum, String parentId) implements ConsultationEvent {
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

    /** {@code rationale} is null when the rules did not require one and none was given. */
    @Revision("1")
    record DecisionRecorded(String consultationId, List<String> selected, String rationale)
            implements ConsultationEvent {
    }
}
