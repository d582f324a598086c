package dev.sift.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.automation.PriorityMapping;
import dev.sift.core.flapping.FlapPolicy;
import dev.sift.core.grouping.GroupingPolicies;
import dev.sift.core.incident.Priority;
import dev.sift.core.inhibition.Inhibition;
import dev.sift.core.notification.Notifying;
import dev.sift.core.routing.RouteTree;
import dev.sift.core.rules.Rules;
import dev.sift.core.silence.Silencing;
import dev.sift.core.sla.SlaPolicies;
import dev.sift.core.transients.Transients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code sift.yaml}: the automation defaults, the severity → priority mapping and queue labels (the
 * defaults below the routes), the route tree and the grouping policies. Every problem is reported with file, line
 * and field; a file with problems is never half-applied. docs/configuration.md describes every field.
 */
public final class RulesFile {
    private static final Set<String> TOP = Set.of("automation", "priorities", "queues", "routes", "grouping",
            "silences", "maintenance", "inhibit", "transients", "flapping", "sla", "channels", "notifications");
    private static final Set<String> AUTOMATION = Set.of("autoResolve", "reopenWindow", "closeAfter", "expiry");
    private static final Set<String> EXPIRY = Set.of("resending", "events");
    private static final Set<String> QUEUES = Set.of("labels", "default");

    private final FieldReader in;
    /** Where {@code ${NAME}} secrets are looked up. */
    private final Map<String, String> env;

    private RulesFile(String file, Map<String, String> env) {
        this.in = new FieldReader(file);
        this.env = env;
    }

    /** @throws InvalidConfig listing every problem */
    public static Rules load(Path path) {
        return parse(path.toString(), read(path));
    }

    /** The file's text. @throws InvalidConfig when it cannot be read */
    public static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new InvalidConfig(List.of(new ConfigProblem(path.toString(), 0, "-", "cannot read the file: " + e,
                    "check the path given to --config / SIFT_CONFIG")));
        }
    }

    /** @throws InvalidConfig listing every problem */
    public static Rules parse(String file, String yaml) {
        return parse(file, yaml, System.getenv());
    }

    /**
     * @param env the environment that {@code ${NAME}} secrets are read from
     * @throws InvalidConfig listing every problem
     */
    public static Rules parse(String file, String yaml, Map<String, String> env) {
        RulesFile r = new RulesFile(file, env);
        Rules rules = r.read(yaml);
        if (!r.in.problems().isEmpty()) {
            List<ConfigProblem> byLine = new ArrayList<>(r.in.problems());
            byLine.sort(Comparator.comparingInt(ConfigProblem::line)); // stable: the order within a line stays
            throw new InvalidConfig(byLine);
        }
        return rules;
    }

    private Rules read(String yaml) {
        YamlNode root;
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            root = YamlNode.read(p);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            in.problem(loc == null ? 0 : loc.getLineNr(), "-",
                    "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""),
                    "check the indentation and quotes around this line");
            return null;
        } catch (IOException e) {
            in.problem(0, "-", "cannot read: " + e.getMessage(), null);
            return null;
        }
        if (root == null) {
            return Rules.defaults(); // an empty file means all defaults
        }
        if (!(root.value() instanceof Map<?, ?>)) {
            in.problem(root.line(), "-", "the file must be a mapping of sections", "start with one of "
                    + String.join(", ", TOP.stream().sorted().toList()));
            return null;
        }
        Map<String, YamlNode> top = in.keys(root, "", TOP);
        AutomationPolicy automation = automation(top);
        RouteTree routes = top.get("routes") == null ? RouteTree.EMPTY : RoutesSection.read(top.get("routes"), in);
        Silencing silencing = SilencesSection.read(top.get("silences"), top.get("maintenance"), in);
        Inhibition inhibition = InhibitSection.read(top.get("inhibit"), in);
        Transients transients = TransientsSection.read(top.get("transients"), in);
        FlapPolicy flapping = TransientsSection.flapping(top.get("flapping"), in);
        SlaPolicies sla = SlaSection.read(top.get("sla"), in);
        Notifying notifying = ChannelsSection.read(top.get("channels"), top.get("notifications"), top.get("routes"),
                in, env);
        return in.problems().isEmpty()
                ? new Rules(automation, routes, silencing, inhibition, transients, flapping, sla, notifying) : null;
    }

    private AutomationPolicy automation(Map<String, YamlNode> top) {
        AutomationPolicy d = AutomationPolicy.defaults();
        boolean autoResolve = d.autoResolve();
        Duration reopen = d.reopenWindow(), close = d.closeAfter(), resending = d.resendingExpiry();
        Duration events = d.eventExpiry();
        YamlNode automation = top.get("automation");
        if (automation != null) {
            Map<String, YamlNode> a = in.keys(automation, "automation", AUTOMATION);
            autoResolve = in.bool(a.get("autoResolve"), "automation.autoResolve", autoResolve);
            reopen = in.duration(a.get("reopenWindow"), "automation.reopenWindow", reopen, false);
            close = in.duration(a.get("closeAfter"), "automation.closeAfter", close, false);
            YamlNode expiry = a.get("expiry");
            if (expiry != null) {
                Map<String, YamlNode> e = in.keys(expiry, "automation.expiry", EXPIRY);
                resending = in.duration(e.get("resending"), "automation.expiry.resending", resending, false);
                events = in.duration(e.get("events"), "automation.expiry.events", events, true);
                if (e.get("resending") != null && resending != null && resending.compareTo(Duration.ofHours(4)) <= 0) {
                    in.problem(e.get("resending").line(), "automation.expiry.resending",
                            "must be longer than Alertmanager's default repeat_interval of 4h, or live alerts expire"
                                    + " between re-sends", "12h is the default; use at least 3 × your repeat_interval");
                }
            }
        }
        PriorityMapping priorities = top.get("priorities") == null ? d.priorities() : priorities(top.get("priorities"));
        List<String> queueLabels = d.queueLabels();
        String defaultQueue = d.defaultQueue();
        YamlNode queues = top.get("queues");
        if (queues != null) {
            Map<String, YamlNode> q = in.keys(queues, "queues", QUEUES);
            queueLabels = in.stringList(q.get("labels"), "queues.labels", queueLabels, "[queue, team]");
            defaultQueue = in.string(q.get("default"), "queues.default", defaultQueue);
        }
        GroupingPolicies grouping = d.grouping();
        YamlNode groupingNode = top.get("grouping");
        if (groupingNode != null) {
            grouping = new GroupingSection(in).read(groupingNode);
        }
        if (!in.problems().isEmpty()) {
            return d; // not used: the file is refused; the routes are still read for their own problems
        }
        return new AutomationPolicy(autoResolve, reopen, close, resending, events, priorities, queueLabels,
                defaultQueue, grouping);
    }

    private PriorityMapping priorities(YamlNode node) {
        Map<String, YamlNode> entries = in.keys(node, "priorities", null);
        Map<String, Priority> map = new LinkedHashMap<>(PriorityMapping.defaults().bySeverity());
        Priority fallback = PriorityMapping.defaults().fallback();
        for (var e : entries.entrySet()) {
            String field = "priorities." + e.getKey();
            String text = in.string(e.getValue(), field, null);
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
                in.problem(e.getValue().line(), field, ex.getMessage(), "map each severity to P1 (most urgent) … P5");
            }
        }
        return new PriorityMapping(map, fallback);
    }
}
