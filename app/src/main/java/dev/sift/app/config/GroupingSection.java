package dev.sift.app.config;

import dev.sift.app.config.RulesFile.Node;
import dev.sift.core.grouping.ContentGrouping;
import dev.sift.core.grouping.GroupingPolicies;
import dev.sift.core.grouping.GroupingPolicy;
import dev.sift.core.grouping.IntelligentGrouping;
import dev.sift.core.grouping.NoGrouping;
import dev.sift.core.grouping.TimeGrouping;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code grouping:} section: named policies and the default one. A file without it, or without a policy
 * named by {@code default}, gets the built-in intelligent policy under that name. Problems go to the rules file's
 * list, with line and field.
 */
final class GroupingSection {
    private static final Set<String> GROUPING = Set.of("default", "policies");
    private static final List<String> MODES = List.of("none", "content", "time", "intelligent");
    private static final Set<String> CONTENT = Set.of("mode", "labels", "match");
    private static final Set<String> TIME = Set.of("mode", "scope", "window");
    private static final Set<String> INTELLIGENT = Set.of("mode", "joinWindow", "crossScopeWindow", "scope",
            "scopeHints", "waitForRepeat");

    private final RulesFile rules;

    GroupingSection(RulesFile rules) {
        this.rules = rules;
    }

    GroupingPolicies read(Node node) {
        Map<String, Node> g = rules.keys(node, "grouping", GROUPING);
        String defaultName = rules.string(g.get("default"), "grouping.default", GroupingPolicies.DEFAULT);
        Map<String, GroupingPolicy> byName = new LinkedHashMap<>();
        Node policies = g.get("policies");
        if (policies != null) {
            for (var e : rules.keys(policies, "grouping.policies", null).entrySet()) {
                GroupingPolicy p = policy(e.getValue(), "grouping.policies." + e.getKey());
                if (p != null) {
                    byName.put(e.getKey(), p);
                }
            }
        }
        if (!byName.containsKey(defaultName)) {
            if (g.get("default") != null && policies != null) {
                rules.problem(g.get("default"), "grouping.default", "no policy named '" + defaultName + "'",
                        "define it under grouping.policies, or name one of " + byName.keySet());
            }
            byName.put(defaultName, IntelligentGrouping.defaults());
        }
        return new GroupingPolicies(defaultName, byName);
    }

    private GroupingPolicy policy(Node node, String field) {
        Map<String, Node> p = rules.keys(node, field, null);
        Node modeNode = p.get("mode");
        String mode = rules.string(modeNode, field + ".mode", null);
        if (mode == null) {
            if (modeNode == null) {
                rules.problem(node, field + ".mode", "missing", "one of " + MODES);
            }
            return null;
        }
        mode = mode.toLowerCase(Locale.ROOT);
        try {
            return switch (mode) {
                case "none" -> {
                    rules.keys(node, field, Set.of("mode"));
                    yield new NoGrouping();
                }
                case "content" -> content(node, field);
                case "time" -> time(node, field);
                case "intelligent" -> intelligent(node, field);
                default -> {
                    rules.problem(modeNode, field + ".mode", "unknown mode '" + mode + "'", "one of " + MODES);
                    yield null;
                }
            };
        } catch (IllegalArgumentException e) {
            rules.problem(node, field, e.getMessage(), null);
            return null;
        }
    }

    private GroupingPolicy content(Node node, String field) {
        Map<String, Node> p = rules.keys(node, field, CONTENT);
        List<String> labels = rules.stringList(p.get("labels"), field + ".labels", null);
        if (labels == null || labels.isEmpty()) {
            rules.problem(p.getOrDefault("labels", node), field + ".labels", "at least one label name is needed",
                    "e.g. [alertname, zone]");
            return null;
        }
        String match = rules.string(p.get("match"), field + ".match", "all");
        if (!match.equals("all") && !match.equals("any")) {
            rules.problem(p.get("match"), field + ".match", "must be all or any, got '" + match + "'", null);
            return null;
        }
        return new ContentGrouping(labels, match.equals("all") ? ContentGrouping.Match.ALL : ContentGrouping.Match.ANY);
    }

    private GroupingPolicy time(Node node, String field) {
        Map<String, Node> p = rules.keys(node, field, TIME);
        List<String> scope = rules.stringList(p.get("scope"), field + ".scope", List.of());
        Duration window = rules.duration(p.get("window"), field + ".window", Duration.ofMinutes(5), false);
        return new TimeGrouping(scope, window);
    }

    private GroupingPolicy intelligent(Node node, String field) {
        IntelligentGrouping d = IntelligentGrouping.defaults();
        Map<String, Node> p = rules.keys(node, field, INTELLIGENT);
        Duration join = rules.duration(p.get("joinWindow"), field + ".joinWindow", d.joinWindow(), false);
        Duration cross = rules.duration(p.get("crossScopeWindow"), field + ".crossScopeWindow",
                d.crossScopeWindow(), false);
        String scope = rules.string(p.get("scope"), field + ".scope", d.scopeLabel());
        List<String> hints = rules.stringList(p.get("scopeHints"), field + ".scopeHints", d.scopeHints());
        boolean wait = rules.bool(p.get("waitForRepeat"), field + ".waitForRepeat", d.waitForRepeat());
        return new IntelligentGrouping(join, cross, scope, hints, wait, d.maxLearnedKinds());
    }
}
