package dev.sift.core.query;

import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import java.util.Set;

/**
 * Which incidents to list. Empty sets and null strings mean "any". {@code text} matches the title, case
 * insensitively. {@code afterCursor} is the {@code next} of the previous page.
 */
public record IncidentFilter(Set<IncidentStatus> statuses, Set<Priority> priorities, String queue, String assignee,
                             String text, int limit, String afterCursor) {
    public static final int MAX_LIMIT = 500;

    public IncidentFilter {
        statuses = Set.copyOf(statuses);
        priorities = Set.copyOf(priorities);
        limit = Math.max(1, Math.min(limit, MAX_LIMIT));
    }
}
