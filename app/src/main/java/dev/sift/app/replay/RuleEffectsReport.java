package dev.sift.app.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.Priority;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link RuleEffects} as people read it after a replay (one small table per kind of rule, each rule of the file on
 * a line, the ones that did nothing too), and as JSON for scripts that compare two rules files.
 */
public final class RuleEffectsReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Of the queues of a route, the incidents of an inhibit rule: how many a table cell lists. */
    private static final int MAX_LISTED = 4;
    private static final int MAX_FLAPPING = 10;

    private RuleEffectsReport() {}

    /** The tables, each followed by a blank line; sections for kinds of rules the file does not have are left out. */
    public static String text(RuleEffects e) {
        StringBuilder b = new StringBuilder();
        b.append(e.from() == null ? "What the rules did: the stream was empty"
                : "What the rules did from " + time(e.from()) + " to " + time(e.to()) + (e.ranOnTo() == null
                ? " (simulated time; it stops at the last event)"
                : ", running on to " + time(e.ranOnTo()) + " (simulated time)")).append("\n\n");
        if (!e.transients().isEmpty()) {
            Table t = new Table("TRANSIENT RULE", "HELD", "AUTO-CLEARED", "LET THROUGH", "PENDING AT END", "EXPIRED");
            e.transients().forEach(r -> t.row(r.rule(), r.held(), r.autoCleared(), r.letThrough(), r.pending(),
                    r.expired()));
            t.appendTo(b);
        }
        if (!e.silences().isEmpty()) {
            Table t = new Table("SILENCE / WINDOW", "SUPPRESSED", "RECOVERED", "OPENED LATER", "MUTED AT END");
            e.silences().forEach(s -> t.row(s.name(), s.suppressed(), s.recovered(), s.openedLater(),
                    s.stillMuted()));
            t.appendTo(b);
        }
        if (!e.inhibit().isEmpty()) {
            Table t = new Table("INHIBIT RULE", "INHIBITED", "RELEASED", "INTO");
            e.inhibit().forEach(r -> t.row(r.rule(), r.inhibited(), r.released(),
                    few(r.incidents().stream().map(id -> "#" + id).toList(), "incidents")));
            t.appendTo(b);
        }
        RuleEffects.FlappingEffect f = e.flapping();
        if (f.policy() == null) {
            b.append("Flapping: detection is off\n\n");
        } else if (f.alerts().isEmpty()) {
            b.append("Flapping (").append(f.policy()).append("): no alert flapped\n\n");
        } else {
            b.append("Flapping (").append(f.policy()).append("): ").append(f.alerts().size())
                    .append(f.alerts().size() == 1 ? " alert\n" : " alerts\n");
            Table t = new Table("FLAPPING ALERT", "INCIDENT", "TIMES");
            f.alerts().stream().limit(MAX_FLAPPING).forEach(a -> t.row(a.alert(),
                    a.incident() == 0 ? "-" : "#" + a.incident(), a.times()));
            t.appendTo(b);
            if (f.alerts().size() > MAX_FLAPPING) { // a week of a big stream: hundreds (--report json has them all)
                b.setLength(b.length() - 1);
                b.append("… and ").append(f.alerts().size() - MAX_FLAPPING)
                        .append(" more (--report json lists all)\n\n");
            }
        }
        if (!e.sla().isEmpty()) {
            Table t = new Table("SLA POLICY", "INCIDENTS", "ACK BREACHED", "RESOLVE BREACHED");
            e.sla().forEach(s -> t.row(s.policy(), s.incidents(), s.ackBreached(), s.resolveBreached()));
            t.appendTo(b);
        }
        if (e.routes().isEmpty()) {
            b.append("Routes: none in the rules file, and no incidents\n\n");
            return b.toString();
        }
        Table t = new Table("ROUTE", "QUEUE", "INCIDENTS", "PRIORITIES");
        e.routes().forEach(r -> t.row("  ".repeat(r.depth()) + r.route(), few(r.queues(), "queues"),
                r.incidents(), priorities(r)));
        t.appendTo(b);
        return b.toString();
    }

    /** A catch-all route of a big stream may fill hundreds of queues: the first few say enough in a table. */
    private static String few(List<String> items, String what) {
        if (items.isEmpty()) {
            return "-";
        }
        int shown = Math.min(items.size(), MAX_LISTED);
        String names = String.join(" ", items.subList(0, shown));
        return shown == items.size() ? names : names + " … (" + items.size() + " " + what + ")";
    }

    /** The summary of the replay and the effects, as one JSON document. */
    public static void json(Replay.Result r, OutputStream out) throws IOException {
        RuleEffects e = r.effects();
        ObjectNode root = JSON.createObjectNode();
        root.put("events", r.events());
        root.put("alerts", r.distinctFingerprints());
        root.put("incidents", r.incidentCount());
        ArrayNode list = root.putArray("incidentList");
        r.incidents().stream().sorted(Comparator.comparingLong(Incident::id)).forEach(i -> list.addObject()
                .put("id", i.id()).put("priority", i.priority().name()).put("queue", i.queue())
                .put("status", i.status().wireName()).put("title", i.title())
                .put("route", i.routing() == null ? null : i.routing().routePath()));
        root.put("from", e.from() == null ? null : e.from().toString());
        root.put("to", e.to() == null ? null : e.to().toString());
        root.put("ranOnTo", e.ranOnTo() == null ? null : e.ranOnTo().toString());
        ArrayNode transients = root.putArray("transients");
        e.transients().forEach(t -> transients.addObject().put("rule", t.rule()).put("held", t.held())
                .put("autoCleared", t.autoCleared()).put("letThrough", t.letThrough()).put("pending", t.pending())
                .put("expired", t.expired()));
        ArrayNode silences = root.putArray("silences");
        e.silences().forEach(s -> silences.addObject().put("name", s.name()).put("suppressed", s.suppressed())
                .put("recovered", s.recovered()).put("openedLater", s.openedLater()).put("muted", s.stillMuted()));
        ArrayNode inhibit = root.putArray("inhibit");
        e.inhibit().forEach(i -> {
            ObjectNode n = inhibit.addObject().put("rule", i.rule()).put("inhibited", i.inhibited())
                    .put("released", i.released());
            i.incidents().forEach(n.putArray("incidents")::add);
        });
        ObjectNode flapping = root.putObject("flapping");
        flapping.put("policy", e.flapping().policy());
        ArrayNode flapped = flapping.putArray("alerts");
        e.flapping().alerts().forEach(a -> flapped.addObject().put("alert", a.alert()).put("incident", a.incident())
                .put("times", a.times()));
        ArrayNode sla = root.putArray("sla");
        e.sla().forEach(s -> sla.addObject().put("policy", s.policy()).put("incidents", s.incidents())
                .put("ackBreached", s.ackBreached()).put("resolveBreached", s.resolveBreached()));
        ArrayNode routes = root.putArray("routes");
        e.routes().forEach(x -> {
            ObjectNode n = routes.addObject().put("route", x.route()).put("path", x.path()).put("incidents",
                    x.incidents());
            x.queues().forEach(n.putArray("queues")::add);
            ObjectNode p = n.putObject("priorities");
            for (Priority pr : Priority.values()) {
                Integer count = x.priorities().get(pr);
                if (count != null) {
                    p.put(pr.name(), count);
                }
            }
        });
        // As a string, not writeValue(out): that would close the caller's stream (System.out).
        out.write((JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String priorities(RuleEffects.RouteEffect r) {
        List<String> parts = new ArrayList<>();
        for (Priority p : Priority.values()) {
            Integer n = r.priorities().get(p);
            if (n != null) {
                parts.add(p.name() + "×" + n);
            }
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Aligned columns, two spaces apart, without trailing blanks. */
    private static final class Table {
        private final String[] headers;
        private final List<String[]> rows = new ArrayList<>();

        Table(String... headers) {
            this.headers = headers;
        }

        void row(Object... cells) {
            String[] r = new String[headers.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = String.valueOf(cells[i]);
            }
            rows.add(r);
        }

        void appendTo(StringBuilder b) {
            int[] w = new int[headers.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = headers[i].length();
                for (String[] r : rows) {
                    w[i] = Math.max(w[i], r[i].codePointCount(0, r[i].length()));
                }
            }
            line(headers, w, b);
            rows.forEach(r -> line(r, w, b));
            b.append('\n');
        }

        private static void line(String[] cells, int[] w, StringBuilder b) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                l.append(cells[i]);
                if (i < cells.length - 1) {
                    l.append(" ".repeat(w[i] - cells[i].codePointCount(0, cells[i].length()) + 2));
                }
            }
            b.append(l.toString().stripTrailing()).append('\n');
        }
    }
}
