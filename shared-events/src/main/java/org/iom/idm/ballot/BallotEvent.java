package org.iom.idm.ballot;

import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Map;

/**
 * A member state's ballot; the latest one counts. An abstention has no choices. Since revision 2 a ballot carries
 * its state's explanation of vote, if any, and the version of each proposal it chooses (CONTRACT §8 rule 9);
 * a ballot of revision 1 loads with neither ({@code versions} null).
 */
public sealed interface BallotEvent {

    String consultationId();

    String memberState();

    List<String> choices();

    boolean abstain();

    /** Null when the ballot has none. */
    String explanation();

    /** By proposal id, the version each choice chose; null for a ballot recorded before versions were. */
    Map<String, Integer> versions();

    @Revision("2")
    record BallotCast(String consultationId, String memberState, List<String> choices, boolean abstain,
                      String explanation, Map<String, Integer> versions) implements BallotEvent {

        /** A ballot as revision 1 recorded it: no explanation, no versions. */
        public BallotCast(String consultationId, String memberState, List<String> choices, boolean abstain) {
            this(consultationId, memberState, choices, abstain, null, null);
        }
    }

    @Revision("2")
    record BallotChanged(String consultationId, String memberState, List<String> choices, boolean abstain,
                         String explanation, Map<String, Integer> versions) implements BallotEvent {

        /** A ballot as revision 1 recorded it: no explanation, no versions. */
        public BallotChanged(String consultationId, String memberState, List<String> choices, boolean abstain) {
            this(consultationId, memberState, choices, abstain, null, null);
        }
    }
}
