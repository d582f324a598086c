package dev.sift.web.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #FREE_FAILURES} failed sign-ins for one username, further tries for it are
 * refused until {@link #PAUSE} has passed since the last failure. Kept in memory: a restart forgives, which is mild
 * enough for people and still caps a guesser at a few tries a minute (each costing a slow hash as well).
 */
public final class SignInThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration PAUSE = Duration.ofMinutes(1);
    /** Bounds memory when someone tries many names: the table starts over (forgiving, never locking more). */
    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant last) {}

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this username must wait before trying again, or zero. */
    public Duration waitFor(String username) {
        Failures f = failures.get(key(username));
        if (f == null || f.count() < FREE_FAILURES) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), f.last().plus(PAUSE));
        return left.isNegative() ? Duration.ZERO : left;
    }

    public void failed(String username) {
        if (failures.size() > MAX_TRACKED) {
            failures.clear();
        }
        Instant now = clock.instant();
        failures.merge(key(username), new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
    }

    public void succeeded(String username) {
        failures.remove(key(username));
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
