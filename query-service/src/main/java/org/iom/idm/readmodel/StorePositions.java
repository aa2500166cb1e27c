package org.iom.idm.readmodel;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

/** Positions in the event store, as the lag metrics, the health check and read-your-writes compare them. */
public final class StorePositions {

    /** Before the first event: an empty store, or a segment that has handled nothing yet. */
    public static final long NONE = -1L;

    private StorePositions() {
    }

    /** The position of the newest event in the store. */
    public static long head(EventStore eventStore) {
        TrackingToken token = eventStore.createHeadToken();
        return token == null ? NONE : token.position().orElse(NONE);
    }

    /** The position of the last event a segment has handled. */
    public static long of(EventTrackerStatus segment) {
        return segment.getCurrentPosition().orElse(NONE);
    }
}
