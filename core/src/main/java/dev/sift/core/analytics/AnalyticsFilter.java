package dev.sift.core.analytics;

import dev.sift.core.incident.Priority;
import java.time.Instant;
import java.util.Objects;

/**
 * What the toil analytics look at: a period {@code [from, to)} and, optionally, one queue and one priority (of the
 * incidents; signals and alerts held before routing have neither, see docs/analytics.md).
 */
public record AnalyticsFilter(Instant from, Instant to, String queue, Priority priority) {
    public AnalyticsFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    /** Whether a queue or priority narrows the numbers to some incidents. */
    public boolean narrowed() {
        return queue != null || priority != null;
    }
}
