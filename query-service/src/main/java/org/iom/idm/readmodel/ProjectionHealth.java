package org.iom.idm.readmodel;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.kit.health.BackgroundHealth;
import org.iom.kit.health.HealthProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read models are only as good as their processors: a stopped or failing processor leaves them behind the
 * events, and so does one that is stalled (behind the event store, yet no further along than it was
 * {@code idm.projections.stall-after} ago), so the service reports itself down (and, in the readiness group, not
 * ready) until it recovers. Parked events are shown but do not make it unhealthy; the processor goes on past them.
 * Nor does a bulk rebuild: its processor is stopped meanwhile, but the service answers from the old read model until
 * the new one takes its place. The check asks the database, so the health endpoint reports its last result,
 * taken in the background ({@code readModels}, {@link InTheBackground}), and never waits for it.
 */
@Component
class ProjectionHealth {

    private final Projections projections;
    private final EventStore eventStore;
    private final Duration stallAfter;
    private final Clock clock = Clock.systemUTC();
    /** Per processing group, the position it was behind at and since when, while it is behind. */
    private final Map<String, Progress> behind = new ConcurrentHashMap<>();

    private record Progress(long position, Instant since) {
    }

    ProjectionHealth(Projections projections, EventStore eventStore,
                     ProjectionsProperties settings) {
        this.projections = projections;
        this.eventStore = eventStore;
        this.stallAfter = settings.stallAfter();
    }

    @Configuration
    static class InTheBackground {

        @Bean
        BackgroundHealth readModelsHealthIndicator(ProjectionHealth readModels, HealthProperties settings) {
            return new BackgroundHealth("readModels", readModels::check, settings, InstantSource.system());
        }
    }

    Health check() {
        List<ProjectionStatus> statuses = projections.status();
        long head = StorePositions.head(eventStore);
        boolean healthy = true;
        Health.Builder health = Health.up();
        for (ProjectionStatus status : statuses) {
            String state;
            boolean rebuilding = status.rebuild() != null
                    && status.rebuild().state() == ProjectionStatus.Rebuild.State.RUNNING;
            if (rebuilding) {
                state = "rebuilding";
            } else if (!status.running()) {
                state = "stopped";
            } else if (status.error()) {
                state = "error";
            } else if (stalled(status, head)) {
                state = "stalled";
            } else {
                state = "running";
            }
            healthy &= state.equals("running") || rebuilding;
            health.withDetail(status.processingGroup(), rebuilding
                    ? state + ", event " + status.rebuild().position() + " of " + status.rebuild().head()
                    : status.running() ? state + ", " + status.parkedEvents() + " parked" : state);
        }
        return (healthy ? health : health.down()).build();
    }

    private boolean stalled(ProjectionStatus status, long head) {
        long position = status.segments().stream().map(ProjectionStatus.Segment::position)
                .map(at -> at == null ? StorePositions.NONE : at).min(Long::compare).orElse(head);
        if (position >= head) {
            behind.remove(status.processingGroup());
            return false;
        }
        Instant now = clock.instant();
        Progress progress = behind.compute(status.processingGroup(), (group, before) ->
                before != null && before.position() == position ? before : new Progress(position, now));
        return Duration.between(progress.since(), now).compareTo(stallAfter) >= 0;
    }
}
