package org.iom.idm.readmodel;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.iom.idm.membership.MembershipEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.dao.DataAccessResourceFailureException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault to inject into the read models: a handler of their processing group that fails on the
 * events of chosen member states until the fault is mended. Final, so that Spring does not take it for a
 * default configuration class of every test class; {@code @Import} brings it in.
 */
@TestConfiguration(proxyBeanMethods = false)
@ProcessingGroup(ReadModels.PROCESSING_GROUP)
public final class PoisonedEvents {

    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public void failOn(String memberState) {
        poisoned.add(memberState);
    }

    /** The handler fails on the state's events as if its database could not be reached. */
    void failAsIfTheDatabaseWereDownOn(String memberState) {
        unreachable.add(memberState);
    }

    /** The handler waits on the state's events until {@link #heal()}: the processor falls behind, running. */
    public void holdOn(String memberState) {
        held.add(memberState);
    }

    public void heal() {
        poisoned.clear();
        unreachable.clear();
        held.clear();
        synchronized (held) {
            held.notifyAll();
        }
    }

    @EventHandler
    void on(MembershipEvent event) throws InterruptedException {
        synchronized (held) {
            while (held.contains(event.code())) {
                held.wait();
            }
        }
        if (poisoned.contains(event.code())) {
            throw new IllegalStateException("injected fault: cannot project the events of " + event.code());
        }
        if (unreachable.contains(event.code())) {
            throw new DataAccessResourceFailureException("injected outage: the database does not answer");
        }
    }
}
