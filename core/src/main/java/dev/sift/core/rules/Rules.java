package dev.sift.core.rules;

import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.routing.RoutingPolicy;
import java.util.Objects;

/**
 * Everything the rules file ({@code sift.yaml}) decides, as one immutable value: the engine swaps it whole when
 * the file is reloaded, so a change applies atomically between two commands.
 */
public record Rules(AutomationPolicy automation, RouteTree routes) {
    public Rules {
        Objects.requireNonNull(automation, "automation");
        Objects.requireNonNull(routes, "routes");
    }

    public static Rules defaults() {
        return of(AutomationPolicy.defaults());
    }

    /** Automation settings with no routes: queue and priority come from the defaults. */
    public static Rules of(AutomationPolicy automation) {
        return new Rules(automation, RouteTree.EMPTY);
    }

    public RoutingPolicy routing() {
        return new RoutingPolicy(routes, automation);
    }
}
