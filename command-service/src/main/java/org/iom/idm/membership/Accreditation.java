package org.iom.idm.membership;

/** A person's current accreditation (CONTRACT §9): the member state it speaks for, and in which capacity. */
public record Accreditation(String memberState, Capacity capacity) {
}
