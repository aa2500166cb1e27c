package org.iom.kit.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;

/**
 * Axon's registry of message monitors with the meters its dimensional form shows (same names, tags and types), but
 * each built once per component and payload type: Axon's own monitors build or look up their timers, counters and
 * gauges in the meter registry for every message (16 % of the query service's event processing CPU in a JFR).
 * Axon's auto-configuration steps back for a registry of this type and hands it to its configurer module, which
 * asks it for the dimensional monitors when {@code axon.metrics.micrometer.dimensional} is on and for Axon's plain
 * ones otherwise.
 */
public class CachedMetricRegistry extends GlobalMetricRegistry {

    public CachedMetricRegistry(MeterRegistry registry) {
        super(registry);
    }

    @Override
    public MessageMonitor<? extends Message<?>> registerComponentWithDefaultTags(Class<?> componentType,
                                                                               String componentName) {
        // Tried in Axon's order, for a component that is more than one of these.
        if (EventProcessor.class.isAssignableFrom(componentType)) {
            return ComponentMonitor.eventProcessor(getRegistry(), componentName);
        }
        if (CommandBus.class.isAssignableFrom(componentType)) {
            return ComponentMonitor.handlers(getRegistry(), componentName);
        }
        if (EventBus.class.isAssignableFrom(componentType)) {
            return ComponentMonitor.eventBus(getRegistry(), componentName);
        }
        if (QueryBus.class.isAssignableFrom(componentType) || QueryUpdateEmitter.class.isAssignableFrom(componentType)) {
            return ComponentMonitor.handlers(getRegistry(), componentName);
        }
        // Axon warns and monitors nothing.
        return super.registerComponentWithDefaultTags(componentType, componentName);
    }
}
