package dev.sift.core.query;

import dev.sift.core.alert.AlertStatus;

/**
 * Which alerts to list; nulls mean "any". {@code text} matches title, alert name or fingerprint;
 * {@code silencedOnly} keeps the firing alerts that a silence holds out of any incident; {@code inhibitedOnly}
 * the firing alerts that an inhibit rule keeps attached to the incident of the alert that inhibits them;
 * {@code pendingOnly} the firing alerts that a transient rule holds back, in no incident.
 */
public record AlertFilter(AlertStatus status, boolean silencedOnly, boolean inhibitedOnly, boolean pendingOnly,
                          String text, int limit, String afterCursor) {
    public AlertFilter {
        limit = Math.max(1, Math.min(limit, IncidentFilter.MAX_LIMIT));
    }

    public AlertFilter(AlertStatus status, boolean silencedOnly, boolean inhibitedOnly, String text, int limit,
                       String afterCursor) {
        this(status, silencedOnly, inhibitedOnly, false, text, limit, afterCursor);
    }

    public AlertFilter(AlertStatus status, boolean silencedOnly, String text, int limit, String afterCursor) {
        this(status, silencedOnly, false, text, limit, afterCursor);
    }

    public AlertFilter(AlertStatus status, String text, int limit, String afterCursor) {
        this(status, false, text, limit, afterCursor);
    }
}
