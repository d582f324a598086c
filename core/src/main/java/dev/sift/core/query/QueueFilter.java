package dev.sift.core.query;

import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the queue shows: by default every open incident, most urgent first, then oldest first. Empty sets and null
 * strings mean "any". {@code labelKey}/{@code labelValue} match the incident's labels or any of its alerts';
 * {@code text} matches the title, or the number; {@code assignee} keeps one person's incidents ("mine"),
 * {@code unassigned} those nobody owns. {@code afterCursor} is the {@code next} of the previous page.
 */
public record QueueFilter(Set<IncidentStatus> statuses, Set<Priority> priorities, String queue, String labelKey,
                          String labelValue, String text, String assignee, boolean unassigned, int limit,
                          String afterCursor) {
    public static final int MAX_LIMIT = 200;

    public QueueFilter {
        statuses = statuses.isEmpty() ? Set.copyOf(EnumSet.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED,
                IncidentStatus.SNOOZED)) : Set.copyOf(statuses);
        priorities = Set.copyOf(priorities);
        limit = Math.max(1, Math.min(limit, MAX_LIMIT));
        if ((labelKey == null) != (labelValue == null)) {
            throw new IllegalArgumentException("a label filter needs both a name and a value");
        }
    }

    /** Only open incidents are asked for: the queue's index covers exactly those. */
    public boolean openOnly() {
        return statuses.stream().allMatch(IncidentStatus::isOpen);
    }
}
