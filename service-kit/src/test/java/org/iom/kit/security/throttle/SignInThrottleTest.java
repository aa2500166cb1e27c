package org.iom.kit.security.throttle;

import org.iom.kit.security.throttle.SignInThrottle.Limit;
import org.iom.kit.security.throttle.SignInThrottle.Refusal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §9: repeated failed sign-ins for one user name, or from one address, are refused for a while. The
 * throttle runs on a clock the test moves, so a window passes without waiting.
 */
class SignInThrottleTest {

    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int PER_USER = 3;
    private static final int PER_ADDRESS = 5;
    private static final String ADDRESS = "192.0.2.10";

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T09:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(
            new SignInThrottleProperties(PER_USER, PER_ADDRESS, WINDOW, 1000), now::get);

    @Test
    void theFailureThatReachesAUsersLimitIsRefusedForTheWholeWindow() {
        for (int i = 1; i < PER_USER; i++) {
            assertThat(throttle.failed("chair", ADDRESS)).as("failure %s", i).isEmpty();
            assertThat(throttle.refusal("chair", ADDRESS)).isEmpty();
        }

        Refusal refusal = throttle.failed("chair", ADDRESS).orElseThrow();

        assertThat(refusal.retryAfter()).isEqualTo(WINDOW);
        assertThat(refusal.until()).isEqualTo(now.get().plus(WINDOW));
        assertThat(refusal.newlyReached()).containsExactly(Limit.USER);
    }

    @Test
    void aRefusedUserIsRefusedUntilItsOldestCountedFailureLeavesTheWindow() {
        fail("chair", ADDRESS, 1);
        later(Duration.ofMinutes(5));
        fail("chair", ADDRESS, PER_USER - 1);

        later(Duration.ofMinutes(9));
        assertThat(throttle.refusal("chair", ADDRESS).map(Refusal::retryAfter)).contains(Duration.ofMinutes(1));
        later(Duration.ofMinutes(1));
        assertThat(throttle.refusal("chair", ADDRESS)).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        fail("chair", ADDRESS, PER_USER - 1);
        later(WINDOW);

        assertThat(throttle.failed("chair", ADDRESS)).isEmpty();
        assertThat(throttle.refusal("chair", ADDRESS)).isEmpty();
    }

    @Test
    void anAddressIsRefusedAfterItsLimitWhicheverUserNamesItTried() {
        for (int i = 1; i < PER_ADDRESS; i++) {
            assertThat(throttle.failed("guess-" + i, ADDRESS)).isEmpty();
        }

        assertThat(throttle.failed("guess-" + PER_ADDRESS, ADDRESS).map(Refusal::newlyReached))
                .contains(List.of(Limit.ADDRESS));
        assertThat(throttle.refusal("secretariat", ADDRESS)).isPresent();
        assertThat(throttle.refusal("secretariat", "192.0.2.99")).isEmpty();
    }

    @Test
    void aUserRefusedFromOneAddressIsRefusedFromEveryAddress() {
        fail("secretariat", ADDRESS, PER_USER);

        assertThat(throttle.refusal("secretariat", "198.51.100.7")).isPresent();
        assertThat(throttle.refusal("secretariat", null)).isPresent();
        assertThat(throttle.refusal("chair", "198.51.100.7")).isEmpty();
    }

    @Test
    void eachRefusalPeriodIsReportedOnce() {
        fail("chair", ADDRESS, PER_USER - 1);
        assertThat(throttle.failed("chair", ADDRESS).map(Refusal::newlyReached))
                .contains(List.of(Limit.USER));

        later(Duration.ofMinutes(1));
        assertThat(throttle.refusal("chair", ADDRESS).map(Refusal::newlyReached)).contains(List.of());

        later(WINDOW);
        fail("chair", ADDRESS, PER_USER - 1);
        assertThat(throttle.failed("chair", ADDRESS).map(Refusal::newlyReached))
                .contains(List.of(Limit.USER));
    }

    @Test
    void whenUserAndAddressAreBothRefusedTheLongerRefusalCounts() {
        for (String guess : List.of("guess-1", "guess-2")) {
            throttle.failed(guess, ADDRESS);
        }
        later(Duration.ofMinutes(10));
        fail("chair", ADDRESS, PER_USER - 1);

        Refusal refusal = throttle.failed("chair", ADDRESS).orElseThrow();

        assertThat(refusal.newlyReached()).containsExactly(Limit.USER, Limit.ADDRESS);
        assertThat(refusal.retryAfter()).isEqualTo(WINDOW);
        later(Duration.ofMinutes(5));
        assertThat(throttle.refusal("observer", ADDRESS)).isEmpty();
        assertThat(throttle.refusal("chair", ADDRESS).map(Refusal::retryAfter)).contains(Duration.ofMinutes(10));
    }

    private void fail(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(username, address);
        }
    }

    private void later(Duration duration) {
        now.set(now.get().plus(duration));
    }
}
