package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analytics", description = {"Toil analytics of a running Sift, as tables (or CSV with --csv):",
        "  funnel      signals -> alerts -> incidents -> notifications per day, and the reduction at each step",
        "  noisy       the noisiest kinds of alert with the matchers to silence them; flapping alerts; what each"
                + " transient rule auto-cleared",
        "  response    MTTA and MTTR by queue and priority (mean, median, p90); incidents per on-call hour",
        "  sla         SLA compliance and breaches by policy and queue",
        "flapping, transients and oncall are also reports of their own (for --csv). Definitions: docs/analytics.md."})
final class AnalyticsCommand extends ClientCommand {
    static final List<String> REPORTS = List.of("funnel", "noisy", "response", "sla", "flapping", "transients",
            "oncall");

    @Parameters(index = "0", defaultValue = "funnel", paramLabel = "REPORT",
            description = "funnel (the default), noisy, response or sla; or flapping, transients, oncall")
    String report;
    @Option(names = "--from", description = "RFC 3339 time or day (2026-11-10); default: 14 days ago") String from;
    @Option(names = "--to", description = "RFC 3339 time or day, that day included; default: now") String to;
    @Option(names = "--queue", description = "only incidents of this queue") String queue;
    @Option(names = "--priority", description = "only incidents of this priority (P1..P5)") String priority;
    @Option(names = "--by", description = "noisy: rank by signals (default) or incidents") String by;
    @Option(names = "--limit", description = "noisy, flapping: at most this many rows (default 20)") Integer limit;
    @Option(names = "--calendar", description = "oncall: the business calendar of on-call hours") String calendar;
    @Option(names = "--csv", description = "print the report as CSV (the API's, with a total line where one fits)")
    boolean csv;

    @Override
    void run(SiftClient client) {
        if (!REPORTS.contains(report)) {
            throw new SiftClient.Failure("no report '" + report + "'; choose one of " + String.join(", ", REPORTS));
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("from", from);
        q.put("to", to);
        q.put("queue", queue);
        q.put("priority", priority);
        if (csv) {
            q.putAll(extras(report));
            System.out.print(client.getCsv("/api/v1/analytics/" + report, q));
            return;
        }
        PrintStream out = System.out;
        switch (report) {
            case "funnel" -> funnel(get(client, "funnel", q), out);
            case "noisy" -> {
                noisy(get(client, "noisy", q), out);
                out.println();
                flapping(get(client, "flapping", q), out);
                out.println();
                transients(get(client, "transients", q), out);
            }
            case "response" -> {
                response(get(client, "response", q), out);
                out.println();
                oncall(get(client, "oncall", q), out);
            }
            case "sla" -> sla(get(client, "sla", q), out);
            case "flapping" -> flapping(get(client, "flapping", q), out);
            case "transients" -> transients(get(client, "transients", q), out);
            default -> oncall(get(client, "oncall", q), out);
        }
    }

    private JsonNode get(SiftClient client, String name, Map<String, String> q) {
        Map<String, String> all = new LinkedHashMap<>(q);
        all.putAll(extras(name));
        return client.get("/api/v1/analytics/" + name, all);
    }

    /** The options that only some reports take. */
    private Map<String, String> extras(String name) {
        Map<String, String> q = new LinkedHashMap<>();
        if (name.equals("noisy")) {
            q.put("by", by);
        }
        if (name.equals("noisy") || name.equals("flapping")) {
            q.put("limit", limit == null ? null : limit.toString());
        }
        if (name.equals("oncall")) {
            q.put("calendar", calendar);
        }
        return q;
    }

    private static void header(String title, JsonNode r, PrintStream out) {
        String narrowed = (r.path("queue").isNull() ? "" : " queue " + r.path("queue").asText())
                + (r.path("priority").isNull() ? "" : " priority " + r.path("priority").asText());
        out.println(title + " from " + r.path("from").asText() + " to " + r.path("to").asText() + narrowed);
    }

    static void funnel(JsonNode r, PrintStream out) {
        header("Noise funnel (UTC days)", r, out);
        Table t = new Table("DAY", "SIGNALS", "ALERTS", "INCIDENTS", "NOTIFIED", "DEDUP", "GROUPING", "OVERALL",
                "HELD", "AUTO-CLEARED", "SILENCED", "INHIBITED");
        for (JsonNode d : r.path("items")) {
            funnelRow(t, d.path("day").asText(), d);
        }
        funnelRow(t, "total", r.path("total"));
        t.print(out);
        out.println("DEDUP = 1 - alerts/signals, GROUPING = 1 - incidents/alerts, OVERALL = 1 - incidents/signals");
    }

    private static void funnelRow(Table t, String day, JsonNode d) {
        t.row(day, number(d.path("signals")), number(d.path("alerts")), number(d.path("incidents")),
                number(d.path("notifications")), percent(d.path("dedupReduction")),
                percent(d.path("groupingReduction")), percent(d.path("totalReduction")), number(d.path("held")),
                number(d.path("autoCleared")), number(d.path("silenced")), number(d.path("inhibited")));
    }

    static void noisy(JsonNode r, PrintStream out) {
        header("Noisiest kinds of alert", r, out);
        Table t = new Table("KIND", "SIGNALS", "ALERTS", "INCIDENTS", "FLAPPING", "AUTO-CLEARED", "LAST SEEN (UTC)",
                "SILENCE WITH").maxWidth(0, 40).maxWidth(7, 100);
        for (JsonNode n : r.path("items")) {
            StringBuilder m = new StringBuilder();
            n.path("matchers").forEach(x -> m.append(m.isEmpty() ? "" : " ").append(x.asText()));
            t.row(n.path("kind").asText(), number(n.path("signals")), number(n.path("alerts")),
                    number(n.path("incidents")), number(n.path("flapping")), number(n.path("autoCleared")),
                    Show.time(n.path("lastSeen")), m.isEmpty() ? "-" : m.toString());
        }
        print(t, "no alerts in this period", out);
    }

    static void flapping(JsonNode r, PrintStream out) {
        header("Flapping alerts", r, out);
        Table t = new Table("ALERT", "KIND", "INCIDENT", "EPISODES", "SIGNALS", "STATUS", "STILL FLAPPING",
                "LAST SEEN (UTC)").maxWidth(1, 40);
        for (JsonNode a : r.path("items")) {
            t.row(a.path("alertId").asText(), a.path("kind").asText(),
                    a.path("incidentId").isNull() ? "-" : "#" + a.path("incidentId").asText(),
                    number(a.path("episodes")), number(a.path("signals")), a.path("status").asText(),
                    a.path("flappingNow").asBoolean() ? "yes" : "no", Show.time(a.path("lastSeen")));
        }
        print(t, "no alert flapped in this period", out);
    }

    static void transients(JsonNode r, PrintStream out) {
        header("Transient rules", r, out);
        Table t = new Table("RULE", "HELD", "AUTO-CLEARED", "LET THROUGH", "PENDING", "AUTO-CLEARED %");
        for (JsonNode x : r.path("items")) {
            t.row(x.path("rule").asText(), number(x.path("held")), number(x.path("autoCleared")),
                    number(x.path("letThrough")), number(x.path("pending")), percent(x.path("autoClearedShare")));
        }
        print(t, "no alert was held by a transient rule in this period", out);
    }

    static void response(JsonNode r, PrintStream out) {
        header("Response times of incidents opened", r, out);
        Table t = new Table("QUEUE", "PRIORITY", "INCIDENTS", "ACKED", "MTTA MEAN", "MEDIAN", "P90", "RESOLVED",
                "UNTOUCHED", "MTTR MEAN", "MEDIAN", "P90");
        for (JsonNode x : r.path("items")) {
            responseRow(t, x.path("queue").asText(), x.path("priority").asText(), x);
        }
        responseRow(t, "total", "", r.path("total"));
        t.print(out);
    }

    private static void responseRow(Table t, String queue, String priority, JsonNode x) {
        t.row(queue, priority, number(x.path("incidents")), number(x.path("acknowledged")),
                duration(x.path("mttaMeanSeconds")), duration(x.path("mttaMedianSeconds")),
                duration(x.path("mttaP90Seconds")), number(x.path("resolved")), number(x.path("resolvedUntouched")),
                duration(x.path("mttrMeanSeconds")), duration(x.path("mttrMedianSeconds")),
                duration(x.path("mttrP90Seconds")));
    }

    static void oncall(JsonNode r, PrintStream out) {
        JsonNode x = r.path("items").path(0);
        out.println("Incidents per on-call hour (calendar " + x.path("calendar").asText() + ")");
        Table t = new Table("ON-CALL HOURS", "OFF HOURS", "INCIDENTS", "IN HOURS", "OUTSIDE", "PER ON-CALL HOUR",
                "PER OFF HOUR");
        t.row(x.path("onCallHours").asText(), x.path("offHours").asText(), number(x.path("incidents")),
                number(x.path("inHours")), number(x.path("outsideHours")), text(x.path("perOnCallHour")),
                text(x.path("perOffHour")));
        t.print(out);
    }

    static void sla(JsonNode r, PrintStream out) {
        header("SLA compliance of incidents opened", r, out);
        Table t = new Table("POLICY", "QUEUE", "INCIDENTS", "ACK BREACHES", "RESOLVE BREACHES", "BREACHED",
                "COMPLIANCE");
        for (JsonNode x : r.path("items")) {
            slaRow(t, x.path("policy").isNull() ? "(none now)" : x.path("policy").asText(), x.path("queue").asText(),
                    x);
        }
        slaRow(t, "total", "", r.path("total"));
        t.print(out);
    }

    private static void slaRow(Table t, String policy, String queue, JsonNode x) {
        t.row(policy, queue, number(x.path("incidents")), number(x.path("ackBreaches")),
                number(x.path("resolveBreaches")), number(x.path("breached")), percent(x.path("compliance")));
    }

    private static void print(Table t, String empty, PrintStream out) {
        if (t.isEmpty()) {
            out.println(empty);
        } else {
            t.print(out);
        }
    }

    private static String number(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "-" : n.asText();
    }

    private static String text(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "-" : n.asText();
    }

    /** 0.727 → 72.7%. */
    static String percent(JsonNode n) {
        if (n.isNull() || n.isMissingNode()) {
            return "-";
        }
        return String.format(java.util.Locale.ROOT, "%.1f%%", n.asDouble() * 100);
    }

    /** Seconds as 45s, 12m00s, 1h05m. */
    static String duration(JsonNode n) {
        if (n.isNull() || n.isMissingNode()) {
            return "-";
        }
        long s = Math.round(n.asDouble());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
