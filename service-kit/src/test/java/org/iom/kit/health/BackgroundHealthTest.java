package org.iom.kit.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Health is the background check's last result, answered at once, and down once that result is overdue. */
class BackgroundHealthTest {

    private static final HealthProperties SETTINGS =
            new HealthProperties(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(1));

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicReference<Health> checked = new AtomicReference<>(Health.up().build());
    private final BackgroundHealth health = new BackgroundHealth("test", checked::get, SETTINGS, now::get);

    @Test
    void healthIsTheLastResultOfTheCheckNotANewCheck() {
        health.refresh();
        checked.set(Health.down().build());

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        health.refresh();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aCheckThatFailsReportsDown() {
        BackgroundHealth failing = new BackgroundHealth("failing", () -> {
            throw new IllegalStateException("no database");
        }, SETTINGS, now::get);

        failing.refresh();

        assertThat(failing.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(failing.health().getDetails().get("error").toString()).contains("no database");
    }

    @Test
    void aResultOlderThanOverdueAfterIsDownWhateverItSaid() {
        health.refresh();
        now.set(now.get().plus(SETTINGS.overdueAfter()));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        now.set(now.get().plusMillis(1));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void beforeItsFirstCheckItKnowsNothing() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
    }
}
