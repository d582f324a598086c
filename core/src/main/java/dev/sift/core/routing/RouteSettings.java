package dev.sift.core.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a route sets; null (or empty labels) means "not set here": a child route inherits it from its parent.
 *
 * @param queue the queue (team) the incident goes to
 * @param category a free-form category such as {@code database} or {@code network}
 * @param customer the customer the incident concerns
 * @param priority a fixed priority or an adjustment
 * @param labels extra labels added to the incident (shown apart from its alerts' labels)
 * @param runbook a link (http or https URL) to the standard operating procedure
 * @param channels names of the notification channels to notify (defined in the rules file's channels section)
 * @param grouping the name of a grouping policy (stored for the grouping rules)
 */
public record RouteSettings(String queue, String category, String customer, PriorityRule priority,
                            Map<String, String> labels, String runbook, List<String> channels, String grouping) {
    public static final RouteSettings NONE = new RouteSettings(null, null, null, null, Map.of(), null, null, null);

    public RouteSettings {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        channels = channels == null ? null : List.copyOf(channels);
    }

    /**
     * These settings refined by a child route's: what the child sets wins, what it leaves unset is inherited;
     * labels merge (the child's win on the same name); a priority adjustment applies to the inherited priority.
     */
    public RouteSettings refinedBy(RouteSettings child) {
        Map<String, String> merged = new LinkedHashMap<>(labels);
        merged.putAll(child.labels);
        return new RouteSettings(
                child.queue != null ? child.queue : queue,
                child.category != null ? child.category : category,
                child.customer != null ? child.customer : customer,
                PriorityRule.compose(priority, child.priority),
                merged,
                child.runbook != null ? child.runbook : runbook,
                child.channels != null ? child.channels : channels,
                child.grouping != null ? child.grouping : grouping);
    }
}
