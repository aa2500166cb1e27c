package org.iom.idm.architecture.broken.domain;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.iom.idm.architecture.broken.refusal.Refusal;

/** An entity that imports nothing of the web itself, but refuses with a type of ours that carries an HTTP status. */
public class Proposals {

    private Refusal lastRefusal;

    @EventSourcingHandler
    void on(String proposalWithdrawn) {
        lastRefusal = new Refusal();
    }

    Refusal lastRefusal() {
        return lastRefusal;
    }
}
