package org.iom.idm.readmodel;

import java.time.Instant;
import java.util.List;

/**
 * Where each event processor stands: what an operator checks before and after a rebuild. {@code rebuild} is this
 * instance's latest bulk rebuild of the processor's read model, null if none since the service started.
 */
public record ProjectionStatus(String processingGroup, boolean running, boolean error, boolean replaying,
                               boolean caughtUp, long parkedEvents, List<Segment> segments, Rebuild rebuild) {

    public record Segment(int segment, Long position, boolean caughtUp, boolean replaying, String error) {
    }

    /**
     * A bulk rebuild: {@code RUNNING} (the processor stopped, its read model answered from the old tables) with the
     * position of the last event handled and the store's head it goes to, then {@code DONE} or {@code FAILED} (all
     * undone, with why).
     */
    public record Rebuild(State state, long position, long head, Instant startedAt, Instant endedAt, String failure) {

        public enum State {
            RUNNING, DONE, FAILED
        }
    }
}
