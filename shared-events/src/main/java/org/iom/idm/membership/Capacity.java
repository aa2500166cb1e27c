package org.iom.idm.membership;

/**
 * The capacity in which a person is accredited to a member state (CONTRACT §9): the head of delegation and
 * alternates speak for the state (propose, vote, break silence); an adviser reads and comments for it.
 */
public enum Capacity {
    HEAD,
    ALTERNATE,
    ADVISER;

    /** Whether this capacity proposes, casts the state's ballot and breaks silence for it. */
    public boolean speaksForState() {
        return this != ADVISER;
    }
}
