package org.iom.idm.readmodel;

import java.util.List;

/** Where each event processor stands: what an operator checks before and after a rebuild. */
public record ProjectionStatus(String processingGroup, boolean running, boolean error, boolean replaying,
                               boolean caughtUp, long parkedEvents, List<Segment> segments) {

    public record Segment(int segment, Long position, boolean caughtUp, boolean replaying, String error) {
    }
}
