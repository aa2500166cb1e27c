package org.iom.kit.security.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Counts failed sign-ins per user name and per client address, in this instance's memory, and says when one is
 * to be refused: once a key has had its limit of failures within the window, until the oldest of them has left
 * the window. Each key keeps the instants of its last failures only (at most its limit), and is forgotten a
 * window after its last change; the number of keys is bounded, so a flood of names cannot exhaust the memory.
 * A successful sign-in does not clear the count: an attacker would otherwise get fresh guesses every time the
 * real user signs in.
 */
public class SignInThrottle {

    /** What a key counts. */
    public enum Limit {
        USER("user name"),
        ADDRESS("address");

        private final String words;

        Limit(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * A sign-in refused until {@code until}; {@code newlyReached} names the limits that this refusal is the first
     * to report, so that each refusal period is told once, not at every attempt.
     */
    public record Refusal(Instant until, Duration retryAfter, List<Limit> newlyReached) {
    }

    /** The recent failures of one key, oldest first; {@code reportedUntil}: the refusal period already told. */
    private record Failures(List<Instant> times, Instant reportedUntil) {
    }

    /** A user name this long or longer counts as its first characters: only made-up names are that long. */
    private static final int KEY_LENGTH = 256;

    private final SignInThrottleProperties limits;
    private final InstantSource time;
    private final Cache<String, Failures> failures;

    public SignInThrottle(SignInThrottleProperties limits, InstantSource time) {
        this.limits = limits;
        this.time = time;
        this.failures = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(time.millis()))
                .expireAfterWrite(limits.window())
                .maximumSize(limits.keysKept())
                .build();
    }

    /** Whether a sign-in as {@code username} from {@code address} (null if unknown) is refused now. */
    public Optional<Refusal> refusal(String username, String address) {
        Instant now = time.instant();
        Instant until = null;
        List<Limit> newlyReached = new ArrayList<>();
        for (Limit limit : Limit.values()) {
            String key = key(limit, username, address);
            Failures recent = key == null ? null : failures.getIfPresent(key);
            if (recent == null) {
                continue;
            }
            List<Instant> live = live(recent.times(), now);
            if (live.size() < max(limit)) {
                continue;
            }
            Instant refusedUntil = live.get(0).plus(limits.window());
            until = until == null || refusedUntil.isAfter(until) ? refusedUntil : until;
            if (firstToReport(key, refusedUntil)) {
                newlyReached.add(limit);
            }
        }
        return until == null ? Optional.empty()
                : Optional.of(new Refusal(until, Duration.between(now, until), List.copyOf(newlyReached)));
    }

    /** Counts a failed sign-in; the refusal it brings about if it reached a limit. */
    public Optional<Refusal> failed(String username, String address) {
        Instant now = time.instant();
        for (Limit limit : Limit.values()) {
            String key = key(limit, username, address);
            if (key != null) {
                failures.asMap().compute(key, (k, recent) -> {
                    List<Instant> times = new ArrayList<>(recent == null ? List.of() : live(recent.times(), now));
                    times.add(now);
                    List<Instant> kept = times.subList(Math.max(0, times.size() - max(limit)), times.size());
                    return new Failures(List.copyOf(kept), recent == null ? null : recent.reportedUntil());
                });
            }
        }
        return refusal(username, address);
    }

    /** Notes that the refusal until {@code until} was reported; false if it already was (by any thread). */
    private boolean firstToReport(String key, Instant until) {
        boolean[] first = {false};
        failures.asMap().computeIfPresent(key, (k, recent) -> {
            first[0] = !until.equals(recent.reportedUntil());
            return first[0] ? new Failures(recent.times(), until) : recent;
        });
        return first[0];
    }

    private List<Instant> live(List<Instant> times, Instant now) {
        Instant oldestCounted = now.minus(limits.window());
        return times.stream().filter(at -> at.isAfter(oldestCounted)).toList();
    }

    private int max(Limit limit) {
        return limit == Limit.USER ? limits.failuresPerUser() : limits.failuresPerAddress();
    }

    private static String key(Limit limit, String username, String address) {
        String value = limit == Limit.USER ? username : address;
        if (value == null) {
            return null;
        }
        return limit.name() + ":" + (value.length() > KEY_LENGTH ? value.substring(0, KEY_LENGTH) : value);
    }
}
