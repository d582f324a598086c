package dev.sift.core.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A clock moved by hand. The engine takes {@code now} as a parameter; tests read it from here. Never goes back. */
final class MutableClock {
    private Instant now;

    MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    Instant now() {
        return now;
    }

    void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + d);
        }
        now = now.plus(d);
    }

    void advanceTo(Instant t) {
        if (t.isBefore(now)) {
            throw new IllegalArgumentException("time does not go back: " + t + " is before " + now);
        }
        now = t;
    }
}
