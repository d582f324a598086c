package dev.sift.app.config;

import dev.sift.core.flapping.FlapPolicy;
import dev.sift.core.matching.Matcher;
import dev.sift.core.transients.TransientRule;
import dev.sift.core.transients.Transients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code transients:} section (rules that hold new alerts back as pending) and the {@code flapping:}
 * section, reporting every mistake with its line and field.
 */
final class TransientsSection {
    static final Set<String> KEYS = Set.of("name", "matchers", "holdFor", "minOccurrences", "window");
    static final Set<String> FLAPPING_KEYS = Set.of("changes", "window");
    /** What people bring from Prometheus and Alertmanager, with what to write instead. */
    private static final Map<String, String> FOREIGN_KEYS = Map.of(
            "for", "write holdFor: 5m (as Prometheus's 'for' in an alerting rule, but on Sift's side)",
            "keep_firing_for", "Prometheus's keep_firing_for delays recoveries; Sift holds new alerts: holdFor: 5m");

    private final FieldReader in;
    private final RoutesSection matchers;
    private final Map<String, Integer> names = new HashMap<>();

    private TransientsSection(FieldReader in) {
        this.in = in;
        this.matchers = new RoutesSection(in);
    }

    static Transients read(YamlNode node, FieldReader in) {
        if (node == null) {
            return Transients.NONE;
        }
        TransientsSection s = new TransientsSection(in);
        List<TransientRule> rules = new ArrayList<>();
        for (FieldReader.Entry entry : in.entries(node, "transients", "rule")) {
            TransientRule r = s.rule(entry.node(), entry.field());
            if (r != null) {
                rules.add(r);
            }
        }
        return new Transients(rules);
    }

    private TransientRule rule(YamlNode node, String field) {
        for (var e : node.entries().entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                in.problem(e.getValue().keyLine(), field + "." + e.getKey(), "unknown field",
                        FOREIGN_KEYS.getOrDefault(e.getKey(), FieldReader.suggestion(e.getKey(), KEYS)));
            }
        }
        Map<String, YamlNode> k = in.keys(node, field, null);
        int before = in.problems().size();
        String name = in.uniqueName(node, k.get("name"), field + ".name", names,
                "the pending alerts and the auto-cleared metric name the rule",
                "transient rules need names of their own");
        List<Matcher> m = matchers.requiredMatchers(node, k.get("matchers"), field + ".matchers",
                "which alerts the rule holds", "every alert would be held",
                "e.g. matchers: ['alertname=~\".*Transient.*\"']");
        YamlNode holdNode = k.get("holdFor"), minNode = k.get("minOccurrences"), windowNode = k.get("window");
        Duration holdFor = in.duration(holdNode, field + ".holdFor", null, false);
        int min = minOccurrences(minNode, field + ".minOccurrences");
        Duration window = in.duration(windowNode, field + ".window", null, false);
        if (holdNode == null && minNode == null) {
            in.problem(node.line(), field, "holds nothing: set holdFor, minOccurrences (with window), or both",
                    "e.g. holdFor: 5m opens an incident only for an alert still firing after 5 minutes");
        }
        if (minNode != null && windowNode == null) {
            in.problem(minNode.line(), field + ".window", "missing: minOccurrences counts within a window",
                    "e.g. window: 15m");
        }
        if (windowNode != null && minNode == null) {
            in.problem(windowNode.line(), field + ".window", "is used only with minOccurrences",
                    "add minOccurrences: 3, or remove window");
        }
        if (in.problems().size() > before || name == null || m == null) {
            return null;
        }
        return new TransientRule(name, m, holdFor, min, window);
    }

    private int minOccurrences(YamlNode node, String field) {
        if (node == null) {
            return 0;
        }
        Object v = node.value();
        if (!(v instanceof Integer || v instanceof Long)) {
            in.problem(node.line(), field, "must be a whole number, got " + FieldReader.describe(v),
                    "e.g. minOccurrences: 3");
            return 0;
        }
        long n = ((Number) v).longValue();
        if (n < 2 || n > 1000) {
            in.problem(node.line(), field, "must be from 2 to 1000, got " + n,
                    n == 1 ? "1 is every alert: remove minOccurrences to open incidents at once" : null);
            return 0;
        }
        return (int) n;
    }

    /** {@code flapping: {changes: 4, window: 30m}}, or {@code flapping: false} to turn detection off. */
    static FlapPolicy flapping(YamlNode node, FieldReader in) {
        FlapPolicy d = FlapPolicy.DEFAULT;
        if (node == null) {
            return d;
        }
        if (Boolean.FALSE.equals(node.value())) {
            return FlapPolicy.OFF;
        }
        if (node.value() instanceof Boolean) {
            in.problem(node.line(), "flapping", "true is the default; write the numbers or false",
                    "e.g. flapping: {changes: 4, window: 30m}, or flapping: false to turn it off");
            return d;
        }
        Map<String, YamlNode> k = in.keys(node, "flapping", FLAPPING_KEYS);
        int changes = d.changes();
        YamlNode c = k.get("changes");
        if (c != null) {
            if (!(c.value() instanceof Integer n)) {
                in.problem(c.line(), "flapping.changes", "must be a whole number, got "
                        + FieldReader.describe(c.value()), "e.g. changes: 4 (fired, recovered, fired, recovered)");
            } else if (n < 2 || n > 1000) {
                in.problem(c.line(), "flapping.changes", "must be from 2 to 1000, got " + n,
                        "to turn flap detection off, write flapping: false");
            } else {
                changes = n;
            }
        }
        Duration window = in.duration(k.get("window"), "flapping.window", d.window(), false);
        return new FlapPolicy(changes, window);
    }
}
