package dev.sift.core.routing;

import dev.sift.core.incident.Priority;

/** Where a new incident goes and how urgent it is, with the rest of what routing decided and why. */
public record RoutingDecision(String queue, Priority priority, Routing routing) {
    /** One line for the timeline: {@code routed to queue "db" as P1 by route "db-critical" (routes[0]): …}. */
    public String summary() {
        return "routed to queue \"" + queue + "\" as " + priority + (routing.matched() ? " by " : ": ")
                + routing.reason();
    }
}
