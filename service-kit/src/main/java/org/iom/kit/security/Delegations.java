package org.iom.kit.security;

import org.iom.idm.membership.Capacity;

import java.util.Optional;

/**
 * Whom a person speaks for, from the accreditation roster (CONTRACT §9). Each service answers from its own
 * knowledge of the roster; a person without a current accreditation reads only.
 */
public interface Delegations {

    /** The person's current accreditation; empty when it has none (never accredited, or withdrawn). */
    Optional<Delegation> of(String username);

    record Delegation(String memberState, Capacity capacity) {
    }
}
