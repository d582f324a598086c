package dev.sift.app.config;

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
            "scopeHints", "waitForRepeat", "flapWindow");

    private final FieldReader in;

    GroupingSection(FieldReader in) {
        this.in = in;
    }

    GroupingPolicies read(YamlNode node) {
        Map<String, YamlNode> g = in.keys(node, "grouping", GROUPING);
        String defaultName = in.string(g.get("default"), "grouping.default", GroupingPolicies.DEFAULT);
        Map<String, GroupingPolicy> byName = new LinkedHashMap<>();
        YamlNode policies = g.get("policies");
        if (policies != null) {
            for (var e : in.keys(policies, "grouping.policies", null).entrySet()) {
                GroupingPolicy p = policy(e.getValue(), "grouping.policies." + e.getKey());
                if (p != null) {
                    byName.put(e.getKey(), p);
                }
            }
        }
        if (!byName.containsKey(defaultName)) {
            if (g.get("default") != null && policies != null) {
                in.problem(g.get("default").line(), "grouping.default", "no policy named '" + defaultName + "'",
                        "define it under grouping.policies, or name one of " + byName.keySet());
            }
            byName.put(defaultName, IntelligentGrouping.defaults());
        }
        return new GroupingPolicies(defaultName, byName);
    }

    private GroupingPolicy policy(YamlNode node, String field) {
        Map<String, YamlNode> p = in.keys(node, field, null);
        YamlNode modeYamlNode = p.get("mode");
        String mode = in.string(modeYamlNode, field + ".mode", null);
        if (mode == null) {
            if (modeYamlNode == null) {
                in.problem(node.line(), field + ".mode", "missing", "one of " + MODES);
            }
            return null;
        }
        mode = mode.toLowerCase(Locale.ROOT);
        try {
            return switch (mode) {
                case "none" -> {
                    in.keys(node, field, Set.of("mode"));
                    yield new NoGrouping();
                }
                case "content" -> content(node, field);
                case "time" -> time(node, field);
                case "intelligent" -> intelligent(node, field);
                default -> {
                    in.problem(modeYamlNode.line(), field + ".mode", "unknown mode '" + mode + "'", "one of " + MODES);
                    yield null;
                }
            };
        } catch (IllegalArgumentException e) {
            in.problem(node.line(), field, e.getMessage(), null);
            return null;
        }
    }

    private GroupingPolicy content(YamlNode node, String field) {
        Map<String, YamlNode> p = in.keys(node, field, CONTENT);
        List<String> labels = in.stringList(p.get("labels"), field + ".labels", null, "[alertname, zone]");
        if (labels == null || labels.isEmpty()) {
            in.problem(p.getOrDefault("labels", node).line(), field + ".labels", "at least one label name is needed",
                    "e.g. [alertname, zone]");
            return null;
        }
        String match = in.string(p.get("match"), field + ".match", "all");
        if (!match.equals("all") && !match.equals("any")) {
            in.problem(p.get("match").line(), field + ".match", "must be all or any, got '" + match + "'", null);
            return null;
        }
        return new ContentGrouping(labels, match.equals("all") ? ContentGrouping.Match.ALL : ContentGrouping.Match.ANY);
    }

    private GroupingPolicy time(YamlNode node, String field) {
        Map<String, YamlNode> p = in.keys(node, field, TIME);
        List<String> scope = in.stringList(p.get("scope"), field + ".scope", List.of(), "[zone]");
        Duration window = in.duration(p.get("window"), field + ".window", Duration.ofMinutes(5), false);
        return new TimeGrouping(scope, window);
    }

    private GroupingPolicy intelligent(YamlNode node, String field) {
        IntelligentGrouping d = IntelligentGrouping.defaults();
        Map<String, YamlNode> p = in.keys(node, field, INTELLIGENT);
        Duration join = in.duration(p.get("joinWindow"), field + ".joinWindow", d.joinWindow(), false);
        Duration cross = in.duration(p.get("crossScopeWindow"), field + ".crossScopeWindow",
                d.crossScopeWindow(), false);
        String scope = in.string(p.get("scope"), field + ".scope", d.scopeLabel());
        List<String> hints = in.stringList(p.get("scopeHints"), field + ".scopeHints", d.scopeHints(), "[zone, region, cluster]");
        boolean wait = in.bool(p.get("waitForRepeat"), field + ".waitForRepeat", d.waitForRepeat());
        Duration flap = in.duration(p.get("flapWindow"), field + ".flapWindow", d.flapWindow(), false);
        return new IntelligentGrouping(join, cross, scope, hints, wait, flap, d.maxLearnedKinds());
    }
}
