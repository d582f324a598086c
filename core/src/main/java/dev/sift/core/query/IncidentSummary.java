package dev.sift.core.query;

import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.routing.Routing;
import dev.sift.core.sla.IncidentSla;
import java.time.Instant;
import java.util.Map;

/**
 * An incident as lists show it; counts and first/last seen are derived from its alerts. {@code routing} is what
 * routing decided when it opened, and why; {@code sla} its SLA clocks, or null when no SLA policy ever applied.
 */
public record IncidentSummary(
        long id,
        String title,
        IncidentStatus status,
        Priority priority,
        boolean priorityOverridden,
        String queue,
        String assignee,
        Instant createdAt,
        Instant updatedAt,
        Instant acknowledgedAt,
        Instant resolvedAt,
        Instant closedAt,
        Instant snoozedUntil,
        int alertCount,
        long eventCount,
        Instant firstSeen,
        Instant lastSeen,
        Map<String, String> labels,
        Routing routing,
        /* One of its alerts is flapping: notifications for it are to be muted. */
        boolean flapping,
        IncidentSla sla) {
    /** Without SLA clocks. */
    public IncidentSummary(long id, String title, IncidentStatus status, Priority priority, boolean priorityOverridden,
                           String queue, String assignee, Instant createdAt, Instant updatedAt, Instant acknowledgedAt,
                           Instant resolvedAt, Instant closedAt, Instant snoozedUntil, int alertCount, long eventCount,
                           Instant firstSeen, Instant lastSeen, Map<String, String> labels, Routing routing,
                           boolean flapping) {
        this(id, title, status, priority, priorityOverridden, queue, assignee, createdAt, updatedAt, acknowledgedAt,
                resolvedAt, closedAt, snoozedUntil, alertCount, eventCount, firstSeen, lastSeen, labels, routing,
                flapping, null);
    }
}
