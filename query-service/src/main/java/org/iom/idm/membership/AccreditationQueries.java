package org.iom.idm.membership;

import java.time.Instant;

/** The accreditation roster (CONTRACT §9): who speaks for which member state, in which capacity. */
public interface AccreditationQueries {

    /** A state's current accreditations, the head of delegation first, then alternates, then advisers. */
    record FindAccreditations(String code) {
    }

    /** Every current accreditation, by state, in the order of {@link FindAccreditations}. */
    record FindRoster() {
    }

    /** The person's current accreditation; empty when it has none. */
    record FindAccreditationOf(String user) {
    }

    /** A state's accreditations that were withdrawn, the latest first. */
    record FindWithdrawnAccreditations(String code) {
    }

    record Accreditation(String user, Capacity capacity, Instant since) {
    }

    record RosterEntry(String memberState, String user, Capacity capacity, Instant since) {
    }

    record WithdrawnAccreditation(String user, Capacity capacity, Instant since, Instant withdrawnAt,
                                  String withdrawnBy, String reason) {
    }
}
