package dev.sift.app.config;

import dev.sift.core.inhibition.InhibitRule;
import dev.sift.core.inhibition.Inhibition;
import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code inhibit:} section (Alertmanager's {@code inhibit_rules}, with Sift's names), reporting every
 * mistake with its line and field.
 */
final class InhibitSection {
    static final Set<String> KEYS = Set.of("name", "source", "target", "equal");
    /** What Alertmanager calls the fields, with what to write instead. */
    private static final Map<String, String> ALERTMANAGER_KEYS = Map.of(
            "source_matchers", "write source: ['alertname=\"DbDown\"'] (Alertmanager's source_matchers)",
            "target_matchers", "write target: ['severity=\"warning\"'] (Alertmanager's target_matchers)",
            "source_match", "Alertmanager's old form; write source: ['name=\"value\"']",
            "source_match_re", "Alertmanager's old form; write source: ['name=~\"regex\"']",
            "target_match", "Alertmanager's old form; write target: ['name=\"value\"']",
            "target_match_re", "Alertmanager's old form; write target: ['name=~\"regex\"']");

    private final FieldReader in;
    private final RoutesSection matchers;
    private final Map<String, Integer> names = new HashMap<>();

    private InhibitSection(FieldReader in) {
        this.in = in;
        this.matchers = new RoutesSection(in);
    }

    static Inhibition read(YamlNode node, FieldReader in) {
        if (node == null) {
            return Inhibition.NONE;
        }
        InhibitSection s = new InhibitSection(in);
        List<InhibitRule> rules = new ArrayList<>();
        for (FieldReader.Entry entry : in.entries(node, "inhibit", "rule")) {
            InhibitRule r = s.rule(entry.node(), entry.field());
            if (r != null) {
                rules.add(r);
            }
        }
        return new Inhibition(rules);
    }

    private InhibitRule rule(YamlNode node, String field) {
        for (var e : node.entries().entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                in.problem(e.getValue().keyLine(), field + "." + e.getKey(), "unknown field",
                        ALERTMANAGER_KEYS.getOrDefault(e.getKey(), FieldReader.suggestion(e.getKey(), KEYS)));
            }
        }
        Map<String, YamlNode> k = in.keys(node, field, null);
        String name = in.uniqueName(node, k.get("name"), field + ".name", names,
                "the timeline names the rule that inhibited an alert", "inhibit rules need names of their own");
        // source or target empty would make every alert match
        List<Matcher> source = matchers.requiredMatchers(node, k.get("source"), field + ".source",
                "which alerts inhibit the target alerts", "every alert would inhibit the target alerts",
                "e.g. source: ['alertname=\"DbDown\"']");
        List<Matcher> target = matchers.requiredMatchers(node, k.get("target"), field + ".target",
                "which alerts are inhibited", "every alert would be inhibited",
                "e.g. target: ['severity=~\"warning|info\"']");
        List<String> equal = equal(k.get("equal"), field + ".equal");
        if (name == null || source == null || target == null || equal == null) {
            return null;
        }
        return new InhibitRule(name, source, target, equal);
    }

    private List<String> equal(YamlNode node, String field) {
        if (node == null) {
            return List.of();
        }
        List<String> names = in.stringList(node, field, null, "equal: [zone, cluster]");
        if (names == null) {
            return null;
        }
        boolean ok = names.size() == node.items().size();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            String f = field + "[" + i + "]";
            int line = node.items().get(i).line();
            if (AlertFields.PSEUDO_FIELDS.contains(n)) {
                in.problem(line, f, "'" + n + "' is not a label", "equal compares labels; match on " + n
                        + " in source and target instead");
                ok = false;
            } else if (!RoutesSection.isLabelName(n)) {
                in.problem(line, f, "invalid label name '" + n + "'",
                        "label names are letters, digits and _, not starting with a digit");
                ok = false;
            } else if (!seen.add(n)) {
                in.problem(line, f, "'" + n + "' is listed twice", null);
                ok = false;
            }
        }
        return ok ? List.copyOf(seen) : null;
    }
}
