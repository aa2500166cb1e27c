package org.iom.idm.actor;

/** The roles of CONTRACT §4, and the scrape role, which reads the metrics and nothing else (CONTRACT §7). */
public enum Role {
    DELEGATE,
    SECRETARIAT,
    CHAIR,
    OBSERVER,
    METRICS
}
