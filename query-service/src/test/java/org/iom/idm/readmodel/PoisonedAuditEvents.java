package org.iom.idm.readmodel;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.iom.idm.membership.MembershipEvent;
import org.springframework.boot.test.context.TestConfiguration;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault to inject into the audit trail: a handler of its processing group that fails on the events of chosen
 * member states until the fault is mended. It writes nothing, so the audit's processor stays as it is (no savepoint
 * per event). Final, so that Spring does not take it for a default configuration class; {@code @Import} brings it in.
 */
@TestConfiguration(proxyBeanMethods = false)
@ProcessingGroup("audit")
@WritesWhenTheBatchCommits
public final class PoisonedAuditEvents {

    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();

    public void failOn(String memberState) {
        poisoned.add(memberState);
    }

    public void heal() {
        poisoned.clear();
    }

    @EventHandler
    void on(MembershipEvent event) {
        if (poisoned.contains(event.code())) {
            throw new IllegalStateException("injected fault in the audit trail: cannot record the events of "
                    + event.code());
        }
    }
}
