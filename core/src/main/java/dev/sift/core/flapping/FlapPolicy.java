package dev.sift.core.flapping;

import dev.sift.core.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code flapping:} section of the rules file: an alert whose state changes (firing → resolved, resolved →
 * firing) {@code changes} times within {@code window} is flapping until it has been quiet (no change) for a whole
 * window. A flapping alert keeps its incident, and the incident is marked so that notifications can be muted.
 *
 * @param changes state changes within the window that make an alert flapping; 0: detection is off
 */
public record FlapPolicy(int changes, Duration window) {
    /** Four changes in 30 minutes: fired, recovered, fired, recovered, fired again, all within half an hour. */
    public static final FlapPolicy DEFAULT = new FlapPolicy(4, Duration.ofMinutes(30));
    public static final FlapPolicy OFF = new FlapPolicy(0, Duration.ofMinutes(30));

    public FlapPolicy {
        Objects.requireNonNull(window, "window");
        if (changes < 0 || changes == 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("flapping needs 2 or more changes within a window longer than 0s");
        }
    }

    public boolean isOff() {
        return changes == 0;
    }

    /** For timelines: {@code 4 state changes within 30m}. */
    public String describe() {
        return changes + " state changes within " + Durations.format(window);
    }
}
