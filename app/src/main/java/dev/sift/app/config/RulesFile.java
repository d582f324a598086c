package dev.sift.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.automation.PriorityMapping;
import dev.sift.core.grouping.GroupingPolicies;
import dev.sift.core.incident.Priority;
import dev.sift.core.time.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code sift.yaml}: for now the automation defaults, the severity → priority mapping, queue labels and
 * grouping policies (routes and noise control come with later sections). Every problem is reported with file, line and
 * field; a file with problems is never half-applied.
 */
public final class RulesFile {
    private static final Set<String> TOP = Set.of("automation", "priorities", "queues", "grouping");
    private static final Set<String> AUTOMATION = Set.of("autoResolve", "reopenWindow", "closeAfter", "expiry");
    private static final Set<String> EXPIRY = Set.of("resending", "events");
    private static final Set<String> QUEUES = Set.of("labels", "default");

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    void problem(Node node, String field, String message, String hint) {
        problems.add(new ConfigProblem(file, node.line(), field, message, hint));
    }

    private RulesFile(String file) {
        this.file = file;
    }

    /** @throws InvalidConfig listing every problem */
    public static AutomationPolicy load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new InvalidConfig(List.of(new ConfigProblem(path.toString(), 0, "-", "cannot read the file: " + e,
                    "check the path given to --config / SIFT_CONFIG")));
        }
        return parse(path.toString(), text);
    }

    /** @throws InvalidConfig listing every problem */
    public static AutomationPolicy parse(String file, String yaml) {
        RulesFile r = new RulesFile(file);
        AutomationPolicy policy = r.read(yaml);
        if (!r.problems.isEmpty()) {
            throw new InvalidConfig(r.problems);
        }
        return policy;
    }

    private AutomationPolicy read(String yaml) {
        Node root;
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            root = Node.read(p);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            problems.add(new ConfigProblem(file, loc == null ? 0 : loc.getLineNr(), "-",
                    "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""), null));
            return null;
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, 0, "-", "cannot read: " + e.getMessage(), null));
            return null;
        }
        AutomationPolicy d = AutomationPolicy.defaults();
        if (root == null) {
            return d; // an empty file means all defaults
        }
        if (!(root.value() instanceof Map<?, ?>)) {
            problems.add(new ConfigProblem(file, root.line(), "-", "the file must be a mapping of sections",
                    "start with one of " + TOP));
            return null;
        }
        Map<String, Node> top = keys(root, "", TOP);
        boolean autoResolve = d.autoResolve();
        Duration reopen = d.reopenWindow(), close = d.closeAfter(), resending = d.resendingExpiry();
        Duration events = d.eventExpiry();
        Node automation = top.get("automation");
        if (automation != null) {
            Map<String, Node> a = keys(automation, "automation", AUTOMATION);
            autoResolve = bool(a.get("autoResolve"), "automation.autoResolve", autoResolve);
            reopen = duration(a.get("reopenWindow"), "automation.reopenWindow", reopen, false);
            close = duration(a.get("closeAfter"), "automation.closeAfter", close, false);
            Node expiry = a.get("expiry");
            if (expiry != null) {
                Map<String, Node> e = keys(expiry, "automation.expiry", EXPIRY);
                resending = duration(e.get("resending"), "automation.expiry.resending", resending, false);
                events = duration(e.get("events"), "automation.expiry.events", events, true);
                if (e.get("resending") != null && resending != null && resending.compareTo(Duration.ofHours(4)) <= 0) {
                    Node n = e.get("resending");
                    problems.add(new ConfigProblem(file, n.line(), "automation.expiry.resending",
                            "must be longer than Alertmanager's default repeat_interval of 4h, or live alerts expire"
                                    + " between re-sends", "12h is the default; use at least 3 × your repeat_interval"));
                }
            }
        }
        PriorityMapping priorities = d.priorities();
        Node pri = top.get("priorities");
        if (pri != null) {
            priorities = priorities(pri);
        }
        List<String> queueLabels = d.queueLabels();
        String defaultQueue = d.defaultQueue();
        Node queues = top.get("queues");
        if (queues != null) {
            Map<String, Node> q = keys(queues, "queues", QUEUES);
            queueLabels = stringList(q.get("labels"), "queues.labels", queueLabels);
            defaultQueue = string(q.get("default"), "queues.default", defaultQueue);
        }
        GroupingPolicies grouping = d.grouping();
        Node groupingNode = top.get("grouping");
        if (groupingNode != null) {
            grouping = new GroupingSection(this).read(groupingNode);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new AutomationPolicy(autoResolve, reopen, close, resending, events, priorities, queueLabels,
                defaultQueue, grouping);
    }

    private PriorityMapping priorities(Node node) {
        Map<String, Node> entries = keys(node, "priorities", null);
        Map<String, Priority> map = new LinkedHashMap<>(PriorityMapping.defaults().bySeverity());
        Priority fallback = PriorityMapping.defaults().fallback();
        for (var e : entries.entrySet()) {
            String field = "priorities." + e.getKey();
            String text = string(e.getValue(), field, null);
            if (text == null) {
                continue;
            }
            try {
                Priority p = Priority.fromWireName(text);
                if (e.getKey().equals("fallback")) {
                    fallback = p;
                } else {
                    map.put(e.getKey(), p);
                }
            } catch (IllegalArgumentException ex) {
                problems.add(new ConfigProblem(file, e.getValue().line(), field, ex.getMessage(),
                        "map each severity to P1 (most urgent) … P5"));
            }
        }
        return new PriorityMapping(map, fallback);
    }

    Map<String, Node> keys(Node node, String section, Set<String> allowed) {
        if (!(node.value() instanceof Map<?, ?> raw)) {
            problems.add(new ConfigProblem(file, node.line(), section.isEmpty() ? "-" : section,
                    "must be a mapping, got " + describe(node.value()), null));
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Node> map = (Map<String, Node>) raw;
        if (allowed != null) {
            for (var e : map.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    String field = section.isEmpty() ? e.getKey() : section + "." + e.getKey();
                    problems.add(new ConfigProblem(file, e.getValue().keyLine(), field, "unknown field",
                            suggestion(e.getKey(), allowed)));
                }
            }
        }
        return map;
    }

    boolean bool(Node node, String field, boolean fallback) {
        if (node == null) {
            return fallback;
        }
        if (node.value() instanceof Boolean b) {
            return b;
        }
        problems.add(new ConfigProblem(file, node.line(), field, "must be true or false, got " + describe(node.value()),
                null));
        return fallback;
    }

    Duration duration(Node node, String field, Duration fallback, boolean neverAllowed) {
        if (node == null) {
            return fallback;
        }
        Object v = node.value();
        if (neverAllowed && "never".equals(v)) {
            return null;
        }
        if (!(v instanceof String text)) {
            problems.add(new ConfigProblem(file, node.line(), field, "must be a duration such as 30m, 4h or 1d, got "
                    + describe(v), neverAllowed ? "or 'never'" : "write units: 3600 seconds is 1h"));
            return fallback;
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                problems.add(new ConfigProblem(file, node.line(), field, "must be longer than 0s", null));
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(file, node.line(), field, e.getMessage(), neverAllowed ? "or 'never'" : null));
            return fallback;
        }
    }

    String string(Node node, String field, String fallback) {
        if (node == null) {
            return fallback;
        }
        if (node.value() instanceof String s && !s.isBlank()) {
            return s;
        }
        problems.add(new ConfigProblem(file, node.line(), field, "must be a non-empty string, got "
                + describe(node.value()), null));
        return fallback;
    }

    List<String> stringList(Node node, String field, List<String> fallback) {
        if (node == null) {
            return fallback;
        }
        if (node.value() instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                Node n = (Node) item;
                String s = string(n, field + "[" + out.size() + "]", null);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
        problems.add(new ConfigProblem(file, node.line(), field, "must be a list of label names, got "
                + describe(node.value()), "e.g. [queue, team]"));
        return fallback;
    }

    private static String describe(Object v) {
        if (v == null) return "nothing";
        if (v instanceof Map<?, ?>) return "a mapping";
        if (v instanceof List<?>) return "a list";
        if (v instanceof String s) return "'" + s + "'";
        return v.toString();
    }

    /** The closest allowed name, for typos such as "closeafter" or "reopen_window". */
    private static String suggestion(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = distance(normalize(key), normalize(a));
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= 3 ? "did you mean '" + best + "'?" : "allowed here: " + allowed;
    }

    private static String normalize(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replace("_", "").replace("-", "");
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

    /** A YAML value with the line it starts on (and, for a mapping entry, the line of its key). */
    record Node(Object value, int line, int keyLine) {
        static Node read(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            return t == null ? null : read(p, t, 0);
        }

        private static Node read(JsonParser p, JsonToken t, int keyLine) throws IOException {
            int line = p.currentTokenLocation().getLineNr();
            switch (t) {
                case START_OBJECT -> {
                    Map<String, Node> map = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        int kl = p.currentTokenLocation().getLineNr();
                        map.put(name, read(p, p.nextToken(), kl));
                    }
                    return new Node(map, line, keyLine);
                }
                case START_ARRAY -> {
                    List<Node> list = new ArrayList<>();
                    for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                        list.add(read(p, item, line));
                    }
                    return new Node(list, line, keyLine);
                }
                case VALUE_TRUE, VALUE_FALSE -> { return new Node(t == JsonToken.VALUE_TRUE, line, keyLine); }
                case VALUE_NULL -> { return new Node(null, line, keyLine); }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> { return new Node(p.getNumberValue(), line, keyLine); }
                default -> { return new Node(p.getText(), line, keyLine); }
            }
        }
    }
}
