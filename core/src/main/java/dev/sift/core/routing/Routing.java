package dev.sift.core.routing;

import java.util.List;
import java.util.Map;

/**
 * What routing decided for an incident besides its queue and priority, and why; fixed when the incident opens (a
 * later change of the rules does not re-route open incidents).
 *
 * @param routeName the name of the route that decided, or null (unnamed, or no route matched)
 * @param routePath where that route is in the rules file ({@code routes[1].routes[0]}), or null when none matched
 * @param reason why, as people read it: the routes that matched and their matchers, or that none did
 * @param priorityRule the route's priority rule, kept so that a later severity change derives the priority the
 *     same way; null when the severity alone decides
 * @param labels extra labels the routes added
 * @param channels notification channel names, in order, without repeats
 */
public record Routing(String routeName, String routePath, String reason, PriorityRule priorityRule,
                      String category, String customer, String runbook, Map<String, String> labels,
                      List<String> channels, String grouping) {
    /** For incidents opened before routing existed. */
    public static final Routing NONE = new Routing(null, null, null, null, null, null, null, Map.of(), List.of(),
            null);

    public Routing {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** Whether a route of the rules file matched. */
    public boolean matched() {
        return routePath != null;
    }
}
