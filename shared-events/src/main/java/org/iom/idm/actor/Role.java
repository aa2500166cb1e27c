package org.iom.idm.actor;

/** The roles of CONTRACT §4. */
public enum Role {
    DELEGATE,
    SECRETARIAT,
    CHAIR,
    OBSERVER
}
