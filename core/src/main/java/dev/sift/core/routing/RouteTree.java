package dev.sift.core.routing;

import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered routes of the rules file. Matching follows Alertmanager's tree: siblings are tried in order and the
 * first that matches wins, unless it says {@code continue: true}, in which case the later siblings are tried
 * too; a route that matches hands over to its first matching child, if any. Immutable and thread-safe.
 */
public record RouteTree(List<Route> routes) {
    public static final RouteTree EMPTY = new RouteTree(List.of());

    public RouteTree {
        routes = List.copyOf(routes);
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    /** Every route that matched, in the order they matched; empty when none did. */
    public List<MatchedRoute> match(AlertFields alert) {
        List<MatchedRoute> out = new ArrayList<>(2);
        matchAmong(routes, "", List.of(), RouteSettings.NONE, alert, out);
        return out;
    }

    private static boolean matchAmong(List<Route> siblings, String prefix, List<Matcher> above,
                                      RouteSettings inherited, AlertFields alert, List<MatchedRoute> out) {
        boolean matched = false;
        for (int i = 0; i < siblings.size(); i++) {
            Route r = siblings.get(i);
            if (!Matcher.all(r.matchers(), alert)) {
                continue;
            }
            String path = prefix + "routes[" + i + "]";
            List<Matcher> why = new ArrayList<>(above);
            why.addAll(r.matchers());
            RouteSettings settings = inherited.refinedBy(r.settings());
            if (!matchAmong(r.routes(), path + ".", why, settings, alert, out)) {
                out.add(new MatchedRoute(r.name(), path, why, settings));
            }
            matched = true;
            if (!r.continueMatching()) {
                break;
            }
        }
        return matched;
    }
}
