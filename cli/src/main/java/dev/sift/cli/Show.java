package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How incidents and alerts look in a terminal. */
final class Show {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Show() {}

    static String time(JsonNode t) {
        if (t == null || t.isNull() || t.asText().isEmpty()) {
            return "-";
        }
        return TIME.format(Instant.parse(t.asText()));
    }

    static void incidents(JsonNode page, PrintStream out) {
        Table t = new Table("#", "PRI", "STATUS", "TITLE", "ASSIGNEE", "QUEUE", "ALERTS", "EVENTS", "LAST SEEN (UTC)")
                .maxWidth(3, 48);
        for (JsonNode i : page.path("items")) {
            t.row(i.path("number").asText(), i.path("priority").asText(), i.path("status").asText(),
                    i.path("title").asText(), text(i.path("assignee")), i.path("queue").asText(),
                    i.path("alertCount").asInt(), i.path("eventCount").asLong(), time(i.path("lastSeen")));
        }
        if (t.isEmpty()) {
            out.println("no incidents");
        } else {
            t.print(out);
        }
        if (!page.path("next").isNull() && !page.path("next").isMissingNode()) {
            out.println("(more: --cursor " + page.path("next").asText() + ")");
        }
    }

    static void incident(JsonNode i, PrintStream out) {
        out.println(i.path("number").asText() + "  " + i.path("title").asText());
        out.println("  status " + i.path("status").asText() + ", priority " + i.path("priority").asText()
                + (i.path("priorityOverridden").asBoolean() ? " (set by hand)" : "")
                + ", assignee " + text(i.path("assignee")) + ", queue " + i.path("queue").asText()
                + (i.path("flapping").asBoolean() ? ", flapping" : ""));
        out.println("  created " + time(i.path("createdAt")) + ", first seen " + time(i.path("firstSeen"))
                + ", last seen " + time(i.path("lastSeen"))
                + (i.path("snoozedUntil").isNull() ? "" : ", snoozed until " + time(i.path("snoozedUntil"))));
        if (i.path("mergedInto").canConvertToLong() && !i.path("mergedInto").isNull()) {
            out.println("  merged into #" + i.path("mergedInto").asLong() + ": see there");
        }
        routing(i, out);
        out.println();
        // the id is what 'incidents move --alert' takes
        Table alerts = new Table("ID", "ALERT", "STATUS", "SEVERITY", "COUNT", "EPISODE", "FIRST SEEN", "LAST SEEN",
                "LABELS").maxWidth(1, 40).maxWidth(8, 70);
        for (JsonNode a : i.path("alerts")) {
            alerts.row(a.path("id").asLong(), a.path("title").asText(), a.path("status").asText()
                            + (a.path("flapping").asBoolean() ? " (flapping)" : ""), text(a.path("severity")),
                    a.path("count").asLong(), a.path("episode").asInt(), time(a.path("firstSeen")),
                    time(a.path("lastSeen")), a.path("labels").toString());
        }
        alerts.print(out);
        out.println();
        out.println("timeline:");
        for (JsonNode e : i.path("timeline")) {
            out.println("  " + time(e.path("at")) + "  " + e.path("actor").asText() + "  " + e.path("kind").asText()
                    + ": " + e.path("message").asText());
        }
    }

    /** Which route decided and what it set: only what is there, so old incidents look as before. */
    private static void routing(JsonNode i, PrintStream out) {
        JsonNode route = i.path("route");
        if (route.isObject() && !route.path("path").isNull()) {
            out.println("  routed by " + route.path("reason").asText());
        }
        StringBuilder set = new StringBuilder();
        for (String field : new String[] {"category", "customer", "runbook", "grouping"}) {
            if (i.path(field).isTextual()) {
                set.append(", ").append(field).append(' ').append(i.path(field).asText());
            }
        }
        if (i.path("channels").size() > 0) {
            set.append(", channels");
            i.path("channels").forEach(c -> set.append(' ').append(c.asText()));
        }
        if (i.path("extraLabels").size() > 0) {
            set.append(", labels ").append(i.path("extraLabels"));
        }
        if (!set.isEmpty()) {
            out.println("  " + set.substring(2));
        }
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asText();
    }
}
