package dev.sift.core.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of an incident's append-only history.
 *
 * @param actor who did it: a user name, {@code system} for automation, {@code integration:<name>} for a source
 * @param message what happened and why, as people read it
 * @param alertId the alert it concerns, or 0
 */
public record TimelineEntry(long incidentId, Instant at, String actor, TimelineKind kind, String message, long alertId) {
    public static final String SYSTEM = "system";

    public TimelineEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
