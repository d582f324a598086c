package dev.sift.core.rules;

import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.flapping.FlapPolicy;
import dev.sift.core.inhibition.Inhibition;
import dev.sift.core.notification.Notifying;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.routing.RoutingPolicy;
import dev.sift.core.silence.Silencing;
import dev.sift.core.sla.SlaPolicies;
import dev.sift.core.transients.Transients;
import java.util.Objects;

/**
 * Everything the rules file ({@code sift.yaml}) decides, as one immutable value: the engine swaps it whole when
 * the file is reloaded, so a change applies atomically between two commands.
 */
public record Rules(AutomationPolicy automation, RouteTree routes, Silencing silencing, Inhibition inhibition,
                    Transients transients, FlapPolicy flapping, SlaPolicies sla, Notifying notifying) {
    public Rules {
        Objects.requireNonNull(automation, "automation");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(silencing, "silencing");
        Objects.requireNonNull(inhibition, "inhibition");
        Objects.requireNonNull(transients, "transients");
        Objects.requireNonNull(flapping, "flapping");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(notifying, "notifying");
    }

    /** Rules without SLA policies or notification channels. */
    public Rules(AutomationPolicy automation, RouteTree routes, Silencing silencing, Inhibition inhibition,
                 Transients transients, FlapPolicy flapping) {
        this(automation, routes, silencing, inhibition, transients, flapping, SlaPolicies.NONE, Notifying.NONE);
    }

    /** Rules without transient rules (default flap detection) or notification channels. */
    public Rules(AutomationPolicy automation, RouteTree routes, Silencing silencing, Inhibition inhibition,
                 SlaPolicies sla) {
        this(automation, routes, silencing, inhibition, Transients.NONE, FlapPolicy.DEFAULT, sla, Notifying.NONE);
    }

    /** Rules without transient rules (default flap detection) or SLA policies. */
    public Rules(AutomationPolicy automation, RouteTree routes, Silencing silencing, Inhibition inhibition,
                 Notifying notifying) {
        this(automation, routes, silencing, inhibition, Transients.NONE, FlapPolicy.DEFAULT, SlaPolicies.NONE,
                notifying);
    }

    /** Rules without transient rules (default flap detection), SLA policies or notification channels. */
    public Rules(AutomationPolicy automation, RouteTree routes, Silencing silencing, Inhibition inhibition) {
        this(automation, routes, silencing, inhibition, Transients.NONE, FlapPolicy.DEFAULT, SlaPolicies.NONE,
                Notifying.NONE);
    }

    /** Rules without inhibition. */
    public Rules(AutomationPolicy automation, RouteTree routes, Silencing silencing) {
        this(automation, routes, silencing, Inhibition.NONE);
    }

    /** Rules without silences, maintenance windows or inhibition. */
    public Rules(AutomationPolicy automation, RouteTree routes) {
        this(automation, routes, Silencing.NONE, Inhibition.NONE);
    }

    public static Rules defaults() {
        return of(AutomationPolicy.defaults());
    }

    /** Automation settings with no routes: queue and priority come from the defaults. */
    public static Rules of(AutomationPolicy automation) {
        return new Rules(automation, RouteTree.EMPTY);
    }

    public Rules withTransients(Transients next) {
        return new Rules(automation, routes, silencing, inhibition, next, flapping, sla, notifying);
    }

    public Rules withFlapping(FlapPolicy next) {
        return new Rules(automation, routes, silencing, inhibition, transients, next, sla, notifying);
    }

    /** These rules, notifying as {@code n} says. */
    public Rules withNotifying(Notifying n) {
        return new Rules(automation, routes, silencing, inhibition, transients, flapping, sla, n);
    }

    public RoutingPolicy routing() {
        return new RoutingPolicy(routes, automation);
    }
}
