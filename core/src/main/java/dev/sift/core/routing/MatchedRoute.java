package dev.sift.core.routing;

import dev.sift.core.matching.Matcher;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A route that matched an alert: the deepest matching route of one branch of the tree.
 *
 * @param path where it is in the file, such as {@code routes[1].routes[0]}
 * @param matchers every matcher on the way from the top, the parents' first: why it matched
 * @param settings its settings with everything inherited from its parents
 */
public record MatchedRoute(String name, String path, List<Matcher> matchers, RouteSettings settings) {
    public MatchedRoute {
        matchers = List.copyOf(matchers);
    }

    /** {@code route "db-critical" (routes[1].routes[0]): severity="critical", team=~"db|storage"}. */
    public String explanation() {
        String who = name == null ? "route " + path : "route \"" + name + "\" (" + path + ")";
        String why = matchers.isEmpty() ? "matches every alert"
                : matchers.stream().map(Matcher::toString).collect(Collectors.joining(", "));
        return who + ": " + why;
    }
}
