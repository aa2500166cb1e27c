package org.iom.idm.ballot;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Ends every open tally stream when the service stops, before the web server waits for requests to finish:
 * a stream never finishes by itself, and clients reconnect to another instance.
 */
@Component
class OpenStreams implements SmartLifecycle {

    private final Sinks.Empty<Void> stopping = Sinks.empty();
    private volatile boolean running;

    <T> Flux<T> untilStop(Flux<T> stream) {
        return stream.takeUntilOther(stopping.asMono());
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopping.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown, which runs in a lower phase. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
