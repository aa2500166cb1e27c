package org.iom.idm.readmodel;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The read models are only as good as their processors: a stopped or failing processor leaves them behind the
 * events, so the service reports itself down (and, in the readiness group, not ready) until it recovers.
 * Parked events are shown but do not make it unhealthy; the processor goes on past them.
 */
@Component("readModelsHealthIndicator")
class ProjectionHealth implements HealthIndicator {

    private final Projections projections;

    ProjectionHealth(Projections projections) {
        this.projections = projections;
    }

    @Override
    public Health health() {
        List<ProjectionStatus> statuses = projections.status();
        boolean healthy = statuses.stream().allMatch(status -> status.running() && !status.error());
        Health.Builder health = healthy ? Health.up() : Health.down();
        statuses.forEach(status -> health.withDetail(status.processingGroup(), status.running()
                ? (status.error() ? "error" : "running") + ", " + status.parkedEvents() + " parked"
                : "stopped"));
        return health.build();
    }
}
