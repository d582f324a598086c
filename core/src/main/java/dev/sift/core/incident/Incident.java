package dev.sift.core.incident;

import dev.sift.core.routing.Routing;
import java.time.Instant;
import java.util.Map;

/**
 * The ticket: one or more alerts with one cause, the unit people own. Its id is its human-friendly number
 * ({@code #42}). Owned and mutated by the engine's single writer thread only; transitions are checked by
 * {@link dev.sift.core.workflow.Workflow}. Counts and last-seen times are derived from its alerts, so a repeated
 * alert changes only the alert.
 */
public final class Incident {
    private final long id;
    private String title;
    private IncidentStatus status;
    private Priority priority;
    private boolean priorityOverridden;
    private String queue;
    private String assignee;
    private boolean humanInvolved;
    private final Instant createdAt;
    private Instant updatedAt;
    private Instant acknowledgedAt;
    private Instant resolvedAt;
    private Instant closedAt;
    private Instant snoozedUntil;
    private Map<String, String> labels;
    private final Routing routing;
    /** The incident this one was merged into (its number forwards there), or 0. */
    private long mergedInto;

    public Incident(long id, String title, IncidentStatus status, Priority priority, boolean priorityOverridden,
                    String queue, String assignee, boolean humanInvolved, Instant createdAt, Instant updatedAt,
                    Instant acknowledgedAt, Instant resolvedAt, Instant closedAt, Instant snoozedUntil,
                    Map<String, String> labels, Routing routing) {
        this.id = id;
        this.title = title;
        this.status = status;
        this.priority = priority;
        this.priorityOverridden = priorityOverridden;
        this.queue = queue;
        this.assignee = assignee;
        this.humanInvolved = humanInvolved;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.acknowledgedAt = acknowledgedAt;
        this.resolvedAt = resolvedAt;
        this.closedAt = closedAt;
        this.snoozedUntil = snoozedUntil;
        this.labels = Map.copyOf(labels);
        this.routing = java.util.Objects.requireNonNull(routing, "routing");
    }

    public static Incident open(long id, String title, Priority priority, String queue, Map<String, String> labels,
                                Routing routing, Instant now) {
        return new Incident(id, title, IncidentStatus.TRIGGERED, priority, false, queue, null, false, now, now,
                null, null, null, null, labels, routing);
    }

    // Mutators are called by the engine only (a different package, hence public); readers get copies from storage.
    public void touch(Instant now) { updatedAt = now; }
    public void setLabels(Map<String, String> labels) { this.labels = Map.copyOf(labels); }

    public void setStatus(IncidentStatus status) { this.status = status; }
    public void setPriority(Priority priority) { this.priority = priority; }
    public void overridePriority(Priority priority) { this.priority = priority; this.priorityOverridden = true; }
    public void clearPriorityOverride() { this.priorityOverridden = false; }
    public void setAssignee(String assignee) { this.assignee = assignee; if (assignee != null) humanInvolved = true; }
    public void markHumanInvolved() { humanInvolved = true; }
    public void setAcknowledgedAt(Instant at) { acknowledgedAt = at; }
    public void setResolvedAt(Instant at) { resolvedAt = at; }
    public void setClosedAt(Instant at) { closedAt = at; }
    public void setSnoozedUntil(Instant until) { snoozedUntil = until; }
    public void setMergedInto(long incidentId) { mergedInto = incidentId; }

    public long id() { return id; }
    public String title() { return title; }
    public IncidentStatus status() { return status; }
    public Priority priority() { return priority; }
    public boolean priorityOverridden() { return priorityOverridden; }
    public String queue() { return queue; }
    public String assignee() { return assignee; }
    /** Whether a person acknowledged or was assigned: then automation never resolves or closes it. */
    public boolean humanInvolved() { return humanInvolved; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public Instant acknowledgedAt() { return acknowledgedAt; }
    public Instant resolvedAt() { return resolvedAt; }
    public Instant closedAt() { return closedAt; }
    public Instant snoozedUntil() { return snoozedUntil; }
    public Map<String, String> labels() { return labels; }
    /** What routing decided when the incident opened, and why. */
    public Routing routing() { return routing; }
    /** The incident this one was merged into (by grouping or by a person), or 0. */
    public long mergedInto() { return mergedInto; }
}
