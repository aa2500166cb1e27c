package org.iom.idm.actor;

/**
 * The roles of CONTRACT §4; the scrape role, which reads the metrics and nothing else (CONTRACT §7); and the
 * system itself, acting at a scheduled instant (CONTRACT §8), which no user signs in as.
 */
public enum Role {
    DELEGATE,
    SECRETARIAT,
    CHAIR,
    OBSERVER,
    METRICS,
    SYSTEM
}
