package org.iom.idm.consultation;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every command loads its consultation; without snapshots that means every event of it, so a consultation's
 * commands would get slower with each ballot. The snapshot is read from the shared event store, so every
 * command-service instance starts from the same stored state and no instance judges on a stale copy.
 */
@Configuration
class ConsultationSnapshots {

    static final String TRIGGER = "consultationSnapshotTrigger";

    @Bean(TRIGGER)
    SnapshotTriggerDefinition consultationSnapshotTrigger(Snapshotter snapshotter,
                                                          @Value("${idm.commands.snapshot-after}") int events) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, events);
    }
}
