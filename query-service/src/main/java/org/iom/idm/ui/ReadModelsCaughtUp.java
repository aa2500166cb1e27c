package org.iom.idm.ui;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.idm.readmodel.StorePositions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Set;

/**
 * Read-your-writes for the web UI: after a write, waits (briefly) until the read-model processors of this
 * instance have handled everything the event store held at that moment, so the next page shows the change.
 * Segments another instance holds are not watched; their pages catch up within the usual lag.
 */
@Component
class ReadModelsCaughtUp {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final Set<String> readModelGroups;
    private final Duration patience;
    private final Duration pollInterval;

    ReadModelsCaughtUp(EventProcessingConfiguration processing, EventStore eventStore,
                       @Value("${idm.web-ui.read-your-writes.groups}") Set<String> readModelGroups,
                       @Value("${idm.web-ui.read-your-writes.patience}") Duration patience,
                       @Value("${idm.web-ui.read-your-writes.poll-interval}") Duration pollInterval) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.readModelGroups = readModelGroups;
        this.patience = patience;
        this.pollInterval = pollInterval;
    }

    void awaitCurrent() {
        long target = StorePositions.head(eventStore);
        if (target == StorePositions.NONE) {
            return;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (!caughtUp(target) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean caughtUp(long position) {
        return readModelGroups.stream()
                .flatMap(group -> processing.eventProcessor(group, StreamingEventProcessor.class).stream())
                .flatMap(processor -> processor.processingStatus().values().stream())
                .allMatch(segment -> segment.isErrorState() || StorePositions.of(segment) >= position);
    }
}
