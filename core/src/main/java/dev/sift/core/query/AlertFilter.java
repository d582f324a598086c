package dev.sift.core.query;

import dev.sift.core.alert.AlertStatus;

/** Which alerts to list; nulls mean "any". {@code text} matches title, alert name or fingerprint. */
public record AlertFilter(AlertStatus status, String text, int limit, String afterCursor) {
    public AlertFilter {
        limit = Math.max(1, Math.min(limit, IncidentFilter.MAX_LIMIT));
    }
}
