package org.iom.idm.ballot;

import org.axonframework.serialization.Revision;

import java.util.List;

/** A member state's ballot; the latest one counts. An abstention has no choices. */
public sealed interface BallotEvent {

    String consultationId();

    String memberState();

    List<String> choices();

    boolean abstain();

    @Revision("1")
    record BallotCast(String consultationId, String memberState, List<String> choices, boolean abstain)
            implements BallotEvent {
    }

    @Revision("1")
    record BallotChanged(String consultationId, String memberState, List<String> choices, boolean abstain)
            implements BallotEvent {
    }
}
