package org.iom.idm.readmodel;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild asked for just after the service (or a processor) started, while a processor is still taking up its
 * segments, leaves every processor running once it is done (seen in the benchmark: the audit's processor, stopped
 * while it claimed its segment, never took it up again).
 */
class RebuildWhileStartingTest extends AbstractProjectionTest {

    @Override
    protected Collection<String> processorsToAwait() {
        return streamingProcessors().keySet();
    }

    @Test
    void aRebuildAskedForWhileAProcessorTakesUpItsSegmentsLeavesItRunning() throws Exception {
        awaitProjections();
        for (int delayMillis : new int[]{0, 1, 2, 3, 5, 8, 13}) {
            StreamingEventProcessor audit = streamingProcessors().get("audit");
            audit.shutdownAsync().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> audit.processingStatus().isEmpty());

            audit.start();
            Thread.sleep(delayMillis);
            projections.rebuildAll();

            assertThat(awaitRebuildEnded().state()).isEqualTo(ProjectionStatus.Rebuild.State.DONE);
            String code = newMemberStateCode();
            feedMemberState(code, new MemberStateRegistered(code, "Starting " + delayMillis));
        }
    }
}
