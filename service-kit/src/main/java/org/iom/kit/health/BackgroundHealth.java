package org.iom.kit.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A health check run on a thread of its own every {@code interval}, whose last result is what the health endpoint
 * reports: asking for health never waits for the database, however long a check that needs it blocks (issue 17).
 * A check that has not finished for {@code overdueAfter} is itself the answer: down.
 */
public final class BackgroundHealth implements HealthIndicator, SmartLifecycle {

    private final String name;
    private final Supplier<Health> check;
    private final Duration interval;
    private final Duration overdueAfter;
    private final InstantSource clock;
    private volatile Result last;
    private ScheduledExecutorService runner;

    private record Result(Health health, Instant at) {
    }

    public BackgroundHealth(String name, Supplier<Health> check, HealthProperties settings, InstantSource clock) {
        this.name = name;
        this.check = check;
        this.interval = settings.interval();
        this.overdueAfter = settings.overdueAfter();
        this.clock = clock;
    }

    /** Runs the check once, now, in the caller's thread. */
    public void refresh() {
        Health health;
        try {
            health = check.get();
        } catch (RuntimeException failure) {
            health = Health.down().withDetail("error", failure.toString()).build();
        }
        last = new Result(health, clock.instant());
    }

    @Override
    public Health health() {
        Result result = last;
        if (result == null) {
            return Health.unknown().withDetail("check", "not run yet").build();
        }
        Duration age = Duration.between(result.at(), clock.instant());
        if (age.compareTo(overdueAfter) > 0) {
            return Health.down().withDetail("check", "no result for " + age.toMillis() + " ms").build();
        }
        return result.health();
    }

    @Override
    public synchronized void start() {
        if (runner != null) {
            return;
        }
        runner = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "health-" + name);
            thread.setDaemon(true);
            return thread;
        });
        runner.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (runner != null) {
            runner.shutdownNow();
            runner = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return runner != null;
    }
}
