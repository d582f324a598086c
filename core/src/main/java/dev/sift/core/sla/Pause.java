package dev.sift.core.sla;

import java.time.Instant;
import java.util.Objects;

/**
 * A time during which an incident's SLA clocks do not run (it was snoozed, or resolved until it reopened).
 *
 * @param end exclusive; null while the pause lasts and its end is not known
 */
public record Pause(Instant start, Instant end) {
    public Pause {
        Objects.requireNonNull(start, "start");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("a pause cannot end (" + end + ") before it starts (" + start + ")");
        }
    }

    public boolean isOpen() {
        return end == null;
    }
}
