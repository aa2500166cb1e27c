package org.iom.idm.readmodel;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.iom.idm.membership.MembershipEvent;
import org.springframework.boot.test.context.TestConfiguration;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault to inject into the member states' read model: a handler of its processing group that fails on the
 * events of chosen member states until the fault is mended. Final, so that Spring does not take it for a
 * default configuration class of every test class; {@code @Import} brings it in.
 */
@TestConfiguration(proxyBeanMethods = false)
@ProcessingGroup("member-states")
final class PoisonedEvents {

    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();

    void failOn(String memberState) {
        poisoned.add(memberState);
    }

    void heal() {
        poisoned.clear();
    }

    @EventHandler
    void on(MembershipEvent event) {
        if (poisoned.contains(event.code())) {
            throw new IllegalStateException("injected fault: cannot project the events of " + event.code());
        }
    }
}
