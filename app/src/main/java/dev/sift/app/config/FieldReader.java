package dev.sift.app.config;

import dev.sift.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed values out of {@link YamlNode}s and collects a {@link ConfigProblem} for each one that is wrong,
 * instead of stopping at the first: {@code check-config} lists every mistake at once. Each reader returns the
 * fallback when the value is absent or wrong. Not thread-safe; one per file read.
 */
final class FieldReader {
    /** Keys that people bring from Alertmanager's routes, with what Sift calls them. */
    private static final Map<String, String> FOREIGN_KEYS = Map.of(
            "match", "Alertmanager's old form; write matchers: ['name=\"value\"']",
            "match_re", "Alertmanager's old form; write matchers: ['name=~\"regex\"']",
            "receiver", "routes name notification channels instead: channels: [name]",
            "group_by", "grouping is a named policy in Sift: grouping: <name>",
            "team", "a team's incidents go to its queue: queue: <team>",
            "severity", "match on it with matchers: ['severity=\"critical\"'], or set priority: P1");

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    FieldReader(String file) {
        this.file = file;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    void problem(int line, String field, String message, String hint) {
        problems.add(new ConfigProblem(file, line, field.isEmpty() ? "-" : field, message, hint));
    }

    /** A mapping's entries, with a problem for each key not in {@code allowed} (null: any key). */
    Map<String, YamlNode> keys(YamlNode node, String section, Set<String> allowed) {
        if (node.value() == null) {
            problem(node.line(), section, "is empty", "remove the section to use the defaults, or fill it in");
            return Map.of();
        }
        if (!(node.value() instanceof Map<?, ?>)) {
            problem(node.line(), section, "must be a mapping, got " + describe(node.value()), null);
            return Map.of();
        }
        Map<String, YamlNode> map = node.entries();
        if (allowed != null) {
            for (var e : map.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    String field = section.isEmpty() ? e.getKey() : section + "." + e.getKey();
                    problem(e.getValue().keyLine(), field, "unknown field", suggestion(e.getKey(), allowed));
                }
            }
        }
        return map;
    }

    /** One entry of a list of mappings, with its field path ({@code section[i]}) for messages. */
    record Entry(YamlNode node, String field) {}

    /**
     * The entries of a section that is a list of mappings ({@code - name: …}): a problem for a section that is not a
     * list, and for each entry that is not a mapping (it is skipped). An absent section has none.
     *
     * @param noun what one entry is, for the hint ("rule", "channel", "entry")
     */
    List<Entry> entries(YamlNode node, String section, String noun) {
        if (node == null) {
            return List.of();
        }
        if (!(node.value() instanceof List<?>)) {
            problem(node.line(), section, "must be a list, got " + describe(node.value()),
                    "start each " + noun + " with '- name: …'");
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        List<YamlNode> items = node.items();
        for (int i = 0; i < items.size(); i++) {
            String field = section + "[" + i + "]";
            if (items.get(i).value() instanceof Map<?, ?>) {
                out.add(new Entry(items.get(i), field));
            } else {
                problem(items.get(i).line(), field, "must be a mapping, got " + describe(items.get(i).value()), null);
            }
        }
        return out;
    }

    boolean bool(YamlNode node, String field, boolean fallback) {
        if (node == null) {
            return fallback;
        }
        if (node.value() instanceof Boolean b) {
            return b;
        }
        problem(node.line(), field, "must be true or false, got " + describe(node.value()),
                node.value() instanceof String ? "write it without quotes" : null);
        return fallback;
    }

    Duration duration(YamlNode node, String field, Duration fallback, boolean neverAllowed) {
        if (node == null) {
            return fallback;
        }
        Object v = node.value();
        if (neverAllowed && "never".equals(v)) {
            return null;
        }
        if (!(v instanceof String text)) {
            problem(node.line(), field, "must be a duration such as 30m, 4h or 1d, got " + describe(v),
                    neverAllowed ? "or 'never'" : "write units: 3600 seconds is 1h");
            return fallback;
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                problem(node.line(), field, "must be longer than 0s", null);
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(node.line(), field, e.getMessage(), neverAllowed ? "or 'never'" : null);
            return fallback;
        }
    }

    String string(YamlNode node, String field, String fallback) {
        if (node == null) {
            return fallback;
        }
        if (node.value() instanceof String s && !s.isBlank()) {
            return s;
        }
        problem(node.line(), field, "must be a non-empty string, got " + describe(node.value()), null);
        return fallback;
    }

    /** A string, number or boolean as text: label values such as {@code tier: 1} need no quotes. */
    String scalar(YamlNode node, String field) {
        if (node.value() instanceof String s) {
            return s;
        }
        if (node.value() instanceof Number || node.value() instanceof Boolean) {
            return node.text();
        }
        problem(node.line(), field, "must be a string, got " + describe(node.value()), null);
        return null;
    }

    List<String> stringList(YamlNode node, String field, List<String> fallback, String example) {
        if (node == null) {
            return fallback;
        }
        if (node.value() instanceof List<?>) {
            List<String> out = new ArrayList<>();
            List<YamlNode> items = node.items();
            for (int i = 0; i < items.size(); i++) {
                String s = string(items.get(i), field + "[" + i + "]", null);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
        problem(node.line(), field, "must be a list, got " + describe(node.value()), "e.g. " + example);
        return fallback;
    }

    /**
     * The required {@code name} of a list entry, unique among {@code seen} (name → line of first use); null, with a
     * problem recorded, when it is missing, not a string or already taken.
     *
     * @param whyNamed the hint for a missing name: what the name is used for
     * @param whyUnique the hint for a duplicate
     */
    String uniqueName(YamlNode entry, YamlNode node, String field, Map<String, Integer> seen, String whyNamed,
                      String whyUnique) {
        if (node == null) {
            problem(entry.line(), field, "missing", whyNamed);
            return null;
        }
        String name = string(node, field, null);
        if (name == null) {
            return null;
        }
        Integer first = seen.putIfAbsent(name, node.line());
        if (first != null) {
            problem(node.line(), field, "duplicate name '" + name + "' (first used on line " + first + ")", whyUnique);
            return null;
        }
        return name;
    }

    static String describe(Object v) {
        if (v == null) return "nothing";
        if (v instanceof Map<?, ?>) return "a mapping";
        if (v instanceof List<?>) return "a list";
        if (v instanceof String s) return "'" + s + "'";
        return v.toString();
    }

    /** The closest allowed name, for typos such as "closeafter" or "reopen_window"; or what Sift calls it. */
    static String suggestion(String key, Set<String> allowed) {
        if (FOREIGN_KEYS.containsKey(key) && allowed.contains("matchers")) {
            return FOREIGN_KEYS.get(key);
        }
        return closest(key, allowed).map(best -> "did you mean '" + best + "'?")
                .orElse("allowed here: " + String.join(", ", allowed.stream().sorted().toList()));
    }

    /** The allowed word within three edits of {@code word}, ignoring case, '_' and '-'. */
    static java.util.Optional<String> closest(String word, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String a : allowed.stream().sorted().toList()) {
            int d = distance(normalize(word), normalize(a));
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= 3 ? java.util.Optional.of(best) : java.util.Optional.empty();
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
