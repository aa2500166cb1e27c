package org.iom.idm.readmodel;

import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.iom.idm.membership.MembershipEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A read model whose worker can be kept busy in the middle of a batch for as long as a test wants, past its
 * processor's worker termination time-out: like a long batch of writes, it does not stop when Axon interrupts it,
 * it finishes first. Final, so that Spring does not take it for a default configuration class of every test
 * class; {@code @Import} brings it in.
 */
@TestConfiguration(proxyBeanMethods = false)
@ProcessingGroup(BusyProjection.PROCESSING_GROUP)
public final class BusyProjection {

    static final String PROCESSING_GROUP = "busy-projection";

    /** Axon's default is five seconds, twice over (before and after it interrupts the worker). */
    private static final Duration WORKER_TERMINATION_TIMEOUT = Duration.ofMillis(100);

    private volatile String heldOn;
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile CountDownLatch interrupted = new CountDownLatch(0);
    private volatile CountDownLatch released = new CountDownLatch(0);

    /** The worker stays in the handler of the state's next event until {@link #release()}. */
    void holdOn(String memberState) {
        held = new CountDownLatch(1);
        interrupted = new CountDownLatch(1);
        released = new CountDownLatch(1);
        heldOn = memberState;
    }

    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once Axon has given up waiting for the worker to end by itself and interrupted it. */
    boolean awaitInterrupted(Duration timeout) throws InterruptedException {
        return interrupted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
        heldOn = null;
        released.countDown();
    }

    @EventHandler
    void on(MembershipEvent event) {
        if (!event.code().equals(heldOn)) {
            return;
        }
        held.countDown();
        while (true) {
            try {
                released.await();
                return;
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }
    }

    @Bean
    ConfigurerModule busyProjectionProcessor() {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessor(PROCESSING_GROUP,
                Configuration::eventStore,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andWorkerTerminationTimeout(WORKER_TERMINATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }
}
