package org.iom.idm.ballot;

import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Map;

/**
 * A member state's ballot; the latest one counts. An abstention has no choices. Since revision 2 a ballot carries
 * its state's explanation of vote, if any, the version of each proposal it chooses (CONTRACT §8 rule 9) and the
 * round of voting it counts in (rule 10); a ballot of revision 1 loads with none of them.
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

    /**
     * The round of voting it was cast in (CONTRACT §8 rule 10); null in revision 1, before runoffs. The audit's
     * canonical form leaves it out while null, as it does the explanation and versions, so an earlier ballot
     * renders as it did when the audit chain hashed it.
     */
    Integer round();

    /** The round it counts in: the first when it names none. */
    default int roundCounted() {
        return round() == null ? 1 : round();
    }

    @Revision("2")
    record BallotCast(String consultationId, String memberState, List<String> choices, boolean abstain,
                      String explanation, Map<String, Integer> versions, Integer round) implements BallotEvent {

        /** A ballot as revision 1 recorded it: no explanation, no versions, no round (it counts in the first). */
        public BallotCast(String consultationId, String memberState, List<String> choices, boolean abstain) {
            this(consultationId, memberState, choices, abstain, null, null, null);
        }

        /** A ballot cast today in the first round, which it names. */
        public BallotCast(String consultationId, String memberState, List<String> choices, boolean abstain,
                          String explanation, Map<String, Integer> versions) {
            this(consultationId, memberState, choices, abstain, explanation, versions, 1);
        }

        /** A ballot of the given round, with no explanation and no versions. */
        public BallotCast(String consultationId, String memberState, List<String> choices, boolean abstain,
                          Integer round) {
            this(consultationId, memberState, choices, abstain, null, null, round);
        }
    }

    @Revision("2")
    record BallotChanged(String consultationId, String memberState, List<String> choices, boolean abstain,
                         String explanation, Map<String, Integer> versions, Integer round) implements BallotEvent {

        /** A ballot as revision 1 recorded it: no explanation, no versions, no round (it counts in the first). */
        public BallotChanged(String consultationId, String memberState, List<String> choices, boolean abstain) {
            this(consultationId, memberState, choices, abstain, null, null, null);
        }

        /** A ballot cast today in the first round, which it names. */
        public BallotChanged(String consultationId, String memberState, List<String> choices, boolean abstain,
                             String explanation, Map<String, Integer> versions) {
            this(consultationId, memberState, choices, abstain, explanation, versions, 1);
        }

        /** A ballot of the given round, with no explanation and no versions. */
        public BallotChanged(String consultationId, String memberState, List<String> choices, boolean abstain,
                             Integer round) {
            this(consultationId, memberState, choices, abstain, null, null, round);
        }
    }
}
