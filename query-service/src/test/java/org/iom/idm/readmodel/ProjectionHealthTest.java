package org.iom.idm.readmodel;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service's health follows its read-model processors. */
class ProjectionHealthTest extends AbstractProjectionTest {

    /** Long enough for the processor's retries, which back off from one second. */
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @Autowired
    private PoisonedEvents poisoned;
    /** The check itself, in the test's thread (the endpoint reports its last result, taken in the background). */
    @Autowired
    private ProjectionHealth projectionHealth;
    private final HealthIndicator health = () -> projectionHealth.check();

    @Test
    void aStoppedProcessorMakesTheServiceUnhealthyUntilItRunsAgain() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        StreamingEventProcessor readModels = readModelProcessors().get(ReadModels.PROCESSING_GROUP);

        readModels.shutDown();
        try {
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry(ReadModels.PROCESSING_GROUP, "stopped");
        } finally {
            readModels.start();
        }

        awaitProjections();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aHandlerFailingForWantOfItsDatabaseStopsTheProcessorAndTheServiceIsDownUntilItRecovers() {
        awaitProjections();
        String code = newMemberStateCode();
        poisoned.failAsIfTheDatabaseWereDownOn(code);
        try {
            appendToMemberState(code, new MemberStateRegistered(code, "Outageland"));

            await("the service down").atMost(RECOVERY).until(() -> health.health().getStatus().equals(Status.DOWN));
            assertThat(String.valueOf(health.health().getDetails().get(ReadModels.PROCESSING_GROUP))).startsWith("error");
            assertThat(deadLetters.list(ReadModels.PROCESSING_GROUP)).as("an outage parks nothing").isEmpty();
        } finally {
            poisoned.heal();
        }

        await("the service up again").atMost(RECOVERY).until(() -> health.health().getStatus().equals(Status.UP));
        awaitProjections();
        assertThat(memberStates()).anyMatch(state -> state.code().equals(code));
    }

    @Test
    void aProcessorThatStopsMovingWhileBehindIsStalledAndTheServiceDownUntilItMovesAgain() {
        awaitProjections();
        String code = newMemberStateCode();
        poisoned.holdOn(code);
        try {
            appendToMemberState(code, new MemberStateRegistered(code, "Stall Island"));

            await("the service down").atMost(RECOVERY).until(() -> health.health().getStatus().equals(Status.DOWN));
            assertThat(String.valueOf(health.health().getDetails().get(ReadModels.PROCESSING_GROUP))).startsWith("stalled");
        } finally {
            poisoned.heal();
        }

        await("the service up again").atMost(RECOVERY).until(() -> health.health().getStatus().equals(Status.UP));
    }
}
