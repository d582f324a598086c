package dev.sift.core.routing;

import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.incident.Priority;
import dev.sift.core.matching.AlertFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Decides where a new incident goes: the route tree first, the defaults below it ({@code queues} and
 * {@code priorities} of the rules file). When several routes match (through {@code continue}), for each setting
 * the first route that sets it wins; channels and labels add up (the first route's label wins on the same name).
 */
public record RoutingPolicy(RouteTree routes, AutomationPolicy defaults) {
    static final String NO_ROUTES = "no routes configured; queue and priority from the defaults";
    static final String NO_MATCH = "no route matched; queue and priority from the defaults";

    public RoutingPolicy {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(defaults, "defaults");
    }

    public RoutingDecision decide(AlertFields alert, String severity) {
        List<MatchedRoute> matched = routes.match(alert);
        Priority bySeverity = defaults.priorities().priorityOf(severity);
        if (matched.isEmpty()) {
            return new RoutingDecision(defaults.queueOf(alert.labels()), bySeverity, new Routing(null, null,
                    routes.isEmpty() ? NO_ROUTES : NO_MATCH, null, null, null, null, Map.of(), List.of(), null));
        }
        String queue = null, category = null, customer = null, runbook = null, grouping = null;
        PriorityRule priority = null;
        Map<String, String> labels = new LinkedHashMap<>();
        LinkedHashSet<String> channels = new LinkedHashSet<>();
        for (MatchedRoute m : matched) {
            RouteSettings s = m.settings();
            queue = queue != null ? queue : s.queue();
            category = category != null ? category : s.category();
            customer = customer != null ? customer : s.customer();
            runbook = runbook != null ? runbook : s.runbook();
            grouping = grouping != null ? grouping : s.grouping();
            priority = priority != null ? priority : s.priority();
            s.labels().forEach(labels::putIfAbsent);
            if (s.channels() != null) {
                channels.addAll(s.channels());
            }
        }
        MatchedRoute first = matched.getFirst();
        Routing routing = new Routing(first.name(), first.path(), reason(matched), priority, category, customer,
                runbook, labels, new ArrayList<>(channels), grouping);
        return new RoutingDecision(queue != null ? queue : defaults.queueOf(alert.labels()),
                priority != null ? priority.apply(bySeverity) : bySeverity, routing);
    }

    /** The priority of an incident whose alerts' most urgent severity maps to {@code bySeverity}. */
    public static Priority priorityOf(Routing routing, Priority bySeverity) {
        return routing.priorityRule() == null ? bySeverity : routing.priorityRule().apply(bySeverity);
    }

    private static String reason(List<MatchedRoute> matched) {
        // Routes after the first matched only because of continue: "also" says that they added to it.
        return matched.stream().map(MatchedRoute::explanation).collect(Collectors.joining("; also "));
    }
}
