package dev.sift.core.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** When an SLA clock runs out: a pure calculation over a calendar and the pauses, with no clock of its own. */
public final class DueTimes {
    private DueTimes() {}

    /**
     * The instant at which {@code duration} of working time (by {@code calendar}) has passed since {@code start},
     * not counting {@code pauses}. Null when a pause without an end is reached first: the clock is stopped and no
     * due time is known.
     *
     * @param pauses in any order, possibly overlapping
     */
    public static Instant dueAt(Instant start, Duration duration, BusinessCalendar calendar, List<Pause> pauses) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        List<Pause> sorted = new ArrayList<>(pauses);
        sorted.sort(Comparator.comparing(Pause::start));
        Duration left = duration;
        Instant t = start;
        while (true) {
            BusinessCalendar.Working w = calendar.workingFrom(t);
            Instant s = w.start();
            Pause covering = covering(sorted, s);
            if (covering != null) {
                if (covering.isOpen()) {
                    return null;
                }
                t = covering.end();
                continue;
            }
            Instant segmentEnd = w.end();
            Instant nextPause = nextPauseStart(sorted, s);
            if (nextPause != null && (segmentEnd == null || nextPause.isBefore(segmentEnd))) {
                segmentEnd = nextPause;
            }
            if (segmentEnd == null) {
                return s.plus(left);
            }
            Duration available = Duration.between(s, segmentEnd);
            if (available.compareTo(left) >= 0) {
                return s.plus(left);
            }
            left = left.minus(available);
            t = segmentEnd;
        }
    }

    /** The pause in force at {@code t} that ends last, or null. */
    private static Pause covering(List<Pause> sorted, Instant t) {
        Pause found = null;
        for (Pause p : sorted) {
            if (p.start().isAfter(t)) {
                break;
            }
            if (p.isOpen() || p.end().isAfter(t)) {
                if (found == null || p.isOpen() || !found.isOpen() && p.end().isAfter(found.end())) {
                    found = p;
                }
            }
        }
        return found;
    }

    private static Instant nextPauseStart(List<Pause> sorted, Instant t) {
        for (Pause p : sorted) {
            if (p.start().isAfter(t)) {
                return p.start();
            }
        }
        return null;
    }
}
