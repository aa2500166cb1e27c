package org.iom.idm.readmodel;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's health follows its read-model processors. */
class ProjectionHealthTest extends AbstractProjectionTest {

    @Autowired
    @Qualifier("readModelsHealthIndicator")
    private HealthIndicator health;

    @Test
    void aStoppedProcessorMakesTheServiceUnhealthyUntilItRunsAgain() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        StreamingEventProcessor memberStates = readModelProcessors().get("member-states");

        memberStates.shutDown();
        try {
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("member-states", "stopped");
        } finally {
            memberStates.start();
        }

        awaitProjections();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }
}
