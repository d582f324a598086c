package dev.sift.core.routing;

import dev.sift.core.matching.Matcher;
import java.util.List;
import java.util.Objects;

/**
 * One node of the route tree, as in Alertmanager: it applies to alerts that match all its matchers (no matchers:
 * every alert); its child routes refine it, and the first matching child decides unless that child says
 * {@code continue}.
 *
 * @param name an optional name people use to refer to it (unique in the file); null when unnamed
 * @param continueMatching whether the siblings after this route are tried too when it matched
 */
public record Route(String name, List<Matcher> matchers, boolean continueMatching, RouteSettings settings,
                    List<Route> routes) {
    public Route {
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(settings, "settings");
        routes = List.copyOf(routes);
    }
}
