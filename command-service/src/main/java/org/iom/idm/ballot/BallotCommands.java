package org.iom.idm.ballot;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public interface BallotCommands {

    /** Either one or more {@code choices}, or {@code abstain} with none; {@code explanation} may be null. */
    record CastBallot(@TargetAggregateIdentifier String consultationId, String memberState, List<String> choices,
                      boolean abstain, String explanation) {
    }
}
