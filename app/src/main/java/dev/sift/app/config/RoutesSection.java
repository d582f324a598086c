package dev.sift.app.config;

import dev.sift.core.alert.Source;
import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.Matcher;
import dev.sift.core.matching.MatcherSyntaxException;
import dev.sift.core.routing.PriorityRule;
import dev.sift.core.routing.Route;
import dev.sift.core.routing.RouteSettings;
import dev.sift.core.routing.RouteTree;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code routes:} section into a {@link RouteTree}, reporting every mistake with its line and field
 * (such as {@code routes[1].routes[0].priority}).
 */
final class RoutesSection {
    static final Set<String> KEYS = Set.of("name", "matchers", "continue", "routes", "queue", "category", "customer",
            "priority", "labels", "runbook", "channels", "grouping");
    private static final Set<String> SOURCES = new LinkedHashSet<>(
            Arrays.stream(Source.values()).map(Source::wireName).toList());

    private final FieldReader in;
    /** Route names seen so far, with the line of their first use. */
    private final Map<String, Integer> names = new HashMap<>();

    RoutesSection(FieldReader in) {
        this.in = in;
    }

    static RouteTree read(YamlNode node, FieldReader in) {
        return new RouteTree(new RoutesSection(in).routes(node, "routes"));
    }

    private List<Route> routes(YamlNode node, String field) {
        if (node.value() == null) {
            in.problem(node.line(), field, "is empty", "remove it, or list routes: - matchers: ['team=\"db\"']");
            return List.of();
        }
        if (!(node.value() instanceof List<?>)) {
            in.problem(node.line(), field, "must be a list of routes, got " + FieldReader.describe(node.value()),
                    "start each route with '- ', e.g. - matchers: ['team=\"db\"']");
            return List.of();
        }
        List<YamlNode> items = node.items();
        List<Route> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Route r = route(items.get(i), field + "[" + i + "]", i == items.size() - 1);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private Route route(YamlNode node, String field, boolean last) {
        if (!(node.value() instanceof Map<?, ?>)) {
            in.problem(node.line(), field, "must be a mapping (a route), got " + FieldReader.describe(node.value()),
                    node.value() instanceof String ? "write matchers: ['" + node.value() + "']" : null);
            return null;
        }
        Map<String, YamlNode> k = in.keys(node, field, KEYS);
        String name = name(k.get("name"), field + ".name");
        List<Matcher> matchers = matchers(k.get("matchers"), field + ".matchers");
        boolean continueMatching = in.bool(k.get("continue"), field + ".continue", false);
        if (matchers.isEmpty() && k.get("matchers") == null && !continueMatching && !last) {
            in.problem(node.line(), field + ".matchers", "missing: a route without matchers matches every alert, so"
                    + " the routes after it are never reached", "add matchers, set continue: true, or move it last");
        }
        var settings = new RouteSettings(
                in.string(k.get("queue"), field + ".queue", null),
                in.string(k.get("category"), field + ".category", null),
                in.string(k.get("customer"), field + ".customer", null),
                priority(k.get("priority"), field + ".priority"),
                labels(k.get("labels"), field + ".labels"),
                runbook(k.get("runbook"), field + ".runbook"),
                channels(k.get("channels"), field + ".channels"),
                in.string(k.get("grouping"), field + ".grouping", null));
        List<Route> children = k.get("routes") == null ? List.of() : routes(k.get("routes"), field + ".routes");
        return new Route(name, matchers, continueMatching, settings, children);
    }

    private String name(YamlNode node, String field) {
        String name = in.string(node, field, null);
        if (name == null) {
            return null;
        }
        Integer first = names.putIfAbsent(name, node.line());
        if (first != null) {
            in.problem(node.line(), field, "duplicate route name '" + name + "' (first used on line " + first + ")",
                    "route names must be unique: incidents and logs refer to routes by name");
        }
        return name;
    }

    /**
     * Matchers that must be there and not be empty (an empty list would match every alert); null, with a problem
     * recorded, otherwise. Messages read "missing: {whyNeeded}" and "is empty: {whyNotEmpty}".
     */
    List<Matcher> requiredMatchers(YamlNode entry, YamlNode node, String field, String whyNeeded, String whyNotEmpty,
                                   String hint) {
        if (node == null) {
            in.problem(entry.line(), field, "missing: " + whyNeeded, hint);
            return null;
        }
        int before = in.problems().size();
        List<Matcher> m = matchers(node, field);
        if (in.problems().size() > before) {
            return null;
        }
        if (m.isEmpty()) {
            in.problem(node.line(), field, "is empty: " + whyNotEmpty, hint);
            return null;
        }
        return m;
    }

    List<Matcher> matchers(YamlNode node, String field) {
        if (node == null) {
            return List.of();
        }
        if (!(node.value() instanceof List<?>)) {
            in.problem(node.line(), field, "must be a list of matchers, got " + FieldReader.describe(node.value()),
                    "write matchers: ['severity=\"critical\"', 'team=~\"db|storage\"']");
            return List.of();
        }
        List<Matcher> out = new ArrayList<>();
        List<YamlNode> items = node.items();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String f = field + "[" + i + "]";
            if (!(item.value() instanceof String text)) {
                in.problem(item.line(), f, "must be a matcher string such as 'severity=\"critical\"', got "
                        + FieldReader.describe(item.value()), "quote the whole matcher: 'name=\"value\"'");
                continue;
            }
            try {
                for (Matcher m : Matcher.parse(text)) {
                    if (checkSource(m, item, f)) {
                        out.add(m);
                    }
                }
            } catch (MatcherSyntaxException e) {
                in.problem(item.line(), f, "invalid matcher '" + text + "': " + e.getMessage(), e.hint());
            }
        }
        return out;
    }

    /** {@code @source="alertmanger"} would never match: a typo in a closed set of values is caught here. */
    private boolean checkSource(Matcher m, YamlNode item, String field) {
        if (!m.name().equals(AlertFields.SOURCE) || m.type().isRegex() || SOURCES.contains(m.value())) {
            return true;
        }
        in.problem(item.line(), field, "unknown source '" + m.value() + "' in " + m,
                FieldReader.closest(m.value(), SOURCES).map(s -> "did you mean '" + s + "'?")
                        .orElse("sources are " + String.join(", ", SOURCES)));
        return false;
    }

    private PriorityRule priority(YamlNode node, String field) {
        if (node == null) {
            return null;
        }
        Object v = node.value();
        if (v instanceof Number && !node.text().startsWith("+") && !node.text().startsWith("-")) {
            boolean small = node.text().matches("[1-4]");
            in.problem(node.line(), field, "priority " + node.text() + " is ambiguous", small
                    ? "write P" + node.text() + " for a priority, or +" + node.text() + " / -" + node.text()
                            + " to move it that many steps"
                    : "write P1 … P5 for a priority, or a signed number of steps such as +1 or -1");
            return null;
        }
        if (!(v instanceof String) && !(v instanceof Number)) {
            in.problem(node.line(), field, "must be P1 … P5 or an adjustment such as +1, got "
                    + FieldReader.describe(v), null);
            return null;
        }
        try {
            return PriorityRule.parse(node.text());
        } catch (IllegalArgumentException e) {
            in.problem(node.line(), field, e.getMessage(), "P1 is the most urgent; +1 moves one step towards P1");
            return null;
        }
    }

    private Map<String, String> labels(YamlNode node, String field) {
        if (node == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : in.keys(node, field, null).entrySet()) {
            String f = field + "." + e.getKey();
            if (!isLabelName(e.getKey())) {
                in.problem(e.getValue().keyLine(), f, "invalid label name '" + e.getKey() + "'",
                        "label names are letters, digits and _, not starting with a digit");
                continue;
            }
            String value = in.scalar(e.getValue(), f);
            if (value != null) {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    private String runbook(YamlNode node, String field) {
        String text = in.string(node, field, null);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // the same message as any other non-URL
        }
        in.problem(node.line(), field, "must be an http or https URL, got '" + text + "'",
                "e.g. https://wiki.example.org/runbooks/disk-full");
        return null;
    }

    private List<String> channels(YamlNode node, String field) {
        List<String> names = in.stringList(node, field, null, "channels: [db-pager, db-mail]");
        if (names == null || names.size() != node.items().size()) {
            return names; // null, or a problem with an item was reported already
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                in.problem(node.items().get(i).line(), field + "[" + i + "]",
                        "channel '" + names.get(i) + "' is listed twice", null);
            }
        }
        return List.copyOf(seen);
    }

    static boolean isLabelName(String name) {
        return name.matches("[a-zA-Z_][a-zA-Z0-9_]*");
    }
}
