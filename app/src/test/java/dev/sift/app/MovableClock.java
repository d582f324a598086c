package dev.sift.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that end-to-end tests move by hand, for the whole of a running Sift (its writer ticks by it): SLA due
 * times and heartbeat intervals pass without sleeping through them. Starts at the real time, so that what the
 * database stamps by itself stays close.
 */
final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock() {
        this(Instant.now());
    }

    /** From a chosen time: for numbers that depend on the day and the hour (analytics). */
    MovableClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Sift runs in UTC");
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    void set(Instant t) {
        now.set(t);
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }
}
