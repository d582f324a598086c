package dev.sift.http.api;

import static dev.sift.http.Exchange.query;

import dev.sift.core.analytics.AnalyticsFilter;
import dev.sift.core.analytics.FlappingAlert;
import dev.sift.core.analytics.FunnelDay;
import dev.sift.core.analytics.NoisyAlertType;
import dev.sift.core.analytics.OnCallLoad;
import dev.sift.core.analytics.ResponseTimes;
import dev.sift.core.analytics.SlaCompliance;
import dev.sift.core.analytics.TransientOutcome;
import dev.sift.core.incident.Priority;
import dev.sift.core.people.Role;
import dev.sift.core.port.AnalyticsQueries;
import dev.sift.core.rules.RulesStatus;
import dev.sift.core.sla.BusinessCalendar;
import dev.sift.core.sla.SlaPolicy;
import dev.sift.core.time.Rfc3339;
import dev.sift.http.Csv;
import dev.sift.http.Exchange;
import dev.sift.http.Fields;
import dev.sift.http.auth.Authenticator;
import dev.sift.http.problem.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/analytics/{funnel|noisy|flapping|transients|response|sla|oncall}}: toil analytics for team
 * leads, read from PostgreSQL (docs/analytics.md defines every number). Each report is one table: JSON
 * ({@code items}, and {@code total} where a total makes sense) or, with {@code ?format=csv} or {@code Accept:
 * text/csv}, CSV with the same columns and the total as its last line.
 */
public final class AnalyticsApi {
    static final Duration DEFAULT_DAYS = Duration.ofDays(14);
    static final Duration MAX_PERIOD = Duration.ofDays(366);
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 500;

    static final List<String> FUNNEL = List.of("day", "signals", "alerts", "incidents", "notifications",
            "dedupReduction", "groupingReduction", "notificationReduction", "totalReduction", "held", "autoCleared",
            "silenced", "inhibited");
    static final List<String> NOISY = List.of("kind", "signals", "alerts", "incidents", "flapping", "autoCleared",
            "firstSeen", "lastSeen", "matchers");
    static final List<String> FLAPPING = List.of("alertId", "kind", "labels", "incidentId", "episodes", "signals",
            "status", "flappingNow", "lastSeen");
    static final List<String> TRANSIENTS = List.of("rule", "held", "autoCleared", "letThrough", "pending",
            "autoClearedShare");
    static final List<String> RESPONSE = List.of("queue", "priority", "incidents", "acknowledged",
            "mttaMeanSeconds", "mttaMedianSeconds", "mttaP90Seconds", "resolved", "resolvedUntouched",
            "mttrMeanSeconds", "mttrMedianSeconds", "mttrP90Seconds");
    static final List<String> SLA = List.of("policy", "queue", "incidents", "ackBreaches", "resolveBreaches",
            "breached", "compliance");
    static final List<String> ONCALL = List.of("calendar", "from", "to", "onCallHours", "offHours", "incidents",
            "inHours", "outsideHours", "perOnCallHour", "perOffHour");

    private final Authenticator auth;
    private final AnalyticsQueries queries;
    private final Supplier<RulesStatus> rules;
    private final Clock clock;

    public AnalyticsApi(Authenticator auth, AnalyticsQueries queries, Supplier<RulesStatus> rules, Clock clock) {
        this.auth = auth;
        this.queries = queries;
        this.rules = rules;
        this.clock = clock;
    }

    /** {@code GET /api/v1/analytics/funnel}: signals → alerts → incidents → notifications per UTC day. */
    public void funnel(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        AnalyticsFilter f = filter(req);
        boolean csv = csv(req);
        List<FunnelDay> days = queries.funnel(f);
        send(req, res, csv, "funnel", f, FUNNEL, days.stream().map(AnalyticsApi::funnelRow).toList(),
                funnelRow(FunnelDay.total(days, !f.narrowed())));
    }

    /** {@code GET /api/v1/analytics/noisy?by=signals|incidents&limit=}: the noisiest kinds of alert. */
    public void noisy(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        AnalyticsFilter f = filter(req);
        boolean csv = csv(req);
        String by = query(req, "by");
        if (by != null && !by.equals("signals") && !by.equals("incidents")) {
            throw ApiException.badRequest("invalid parameter", "by must be 'signals' or 'incidents', got '"
                    + Fields.abbreviate(by) + "'", "by");
        }
        int limit = limit(req);
        List<Map<String, Object>> rows = queries.noisiest(f, "incidents".equals(by), limit).stream()
                .map(n -> noisyRow(n, csv)).toList();
        send(req, res, csv, "noisy", f, NOISY, rows, null);
    }

    /** {@code GET /api/v1/analytics/flapping?limit=}: alerts flagged as flapping, the most episodes first. */
    public void flapping(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        AnalyticsFilter f = filter(req);
        boolean csv = csv(req);
        List<Map<String, Object>> rows = queries.flapping(f, limit(req)).stream().map(a -> flappingRow(a, csv))
                .toList();
        send(req, res, csv, "flapping", f, FLAPPING, rows, null);
    }

    /** {@code GET /api/v1/analytics/transients}: per transient rule, what it held and what it auto-cleared. */
    public void transients(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        AnalyticsFilter f = filter(req);
        boolean csv = csv(req);
        List<TransientOutcome> rules = queries.transients(f);
        List<Map<String, Object>> rows = rules.stream().map(AnalyticsApi::transientRow).toList();
        TransientOutcome total = new TransientOutcome(null, rules.stream().mapToLong(TransientOutcome::held).sum(),
                rules.stream().mapToLong(TransientOutcome::autoCleared).sum(),
                rules.stream().mapToLong(TransientOutcome::letThrough).sum(),
                rules.stream().mapToLong(TransientOutcome::pending).sum());
        send(req, res, csv, "transients", f, TRANSIENTS, rows, transientRow(total));
    }

    /** {@code GET /api/v1/analytics/response}: MTTA and MTTR per queue and priority (mean, median, p90). */
    public void response(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        AnalyticsFilter f = filter(req);
        boolean csv = csv(req);
        List<ResponseTimes> all = queries.responseTimes(f);
        List<Map<String, Object>> rows = all.subList(0, all.size() - 1).stream().map(AnalyticsApi::responseRow)
                .toList();
        send(req, res, csv, "response", f, RESPONSE, rows, responseRow(all.getLast()));
    }

    /** {@code GET /api/v1/analytics/sla}: SLA compliance and breaches per policy and queue. */
    public void sla(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        AnalyticsFilter f = filter(req);
        boolean csv = csv(req);
        List<SlaCompliance> all = queries.slaCompliance(f);
        // The last entry is the total (the query's empty grouping set answers even when no incident matched).
        List<Map<String, Object>> rows = all.subList(0, all.size() - 1).stream().map(AnalyticsApi::slaRow).toList();
        send(req, res, csv, "sla", f, SLA, rows, slaRow(all.getLast()));
    }

    /**
     * {@code GET /api/v1/analytics/oncall?calendar=}: incidents per on-call hour. On-call hours are the working
     * time of the named calendar of the sla section, else of the first policy's calendar that has hours, else
     * every hour.
     */
    public void oncall(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        AnalyticsFilter f = filter(req);
        boolean csv = csv(req);
        BusinessCalendar calendar = calendar(query(req, "calendar"));
        OnCallLoad load = OnCallLoad.of(calendar, f, queries.openedAt(f));
        send(req, res, csv, "oncall", f, ONCALL, List.of(oncallRow(load)), null);
    }

    private BusinessCalendar calendar(String name) {
        Map<String, BusinessCalendar> known = new LinkedHashMap<>();
        for (SlaPolicy p : rules.get().rules().sla().policies()) {
            if (!p.calendar().isAlways()) {
                known.putIfAbsent(p.calendar().name(), p.calendar());
            }
        }
        if (name == null) {
            return known.isEmpty() ? BusinessCalendar.ALWAYS : known.values().iterator().next();
        }
        if (name.equals(BusinessCalendar.ALWAYS.name())) {
            return BusinessCalendar.ALWAYS;
        }
        BusinessCalendar c = known.get(name);
        if (c == null) {
            throw ApiException.badRequest("invalid parameter", "no calendar '" + Fields.abbreviate(name)
                    + "' is used by an SLA policy; known: " + String.join(", ", new TreeMap<>(known).keySet())
                    + (known.isEmpty() ? "(none) " : " ") + "or " + BusinessCalendar.ALWAYS.name(), "calendar");
        }
        return c;
    }

    // ---- request -----------------------------------------------------------------------------------------

    /**
     * {@code from} and {@code to}: RFC 3339 times, or days ({@code 2026-11-20}: from its start, to its end, UTC);
     * by default the last 14 days (today and the 13 before it, up to now rounded up to the whole second). {@code queue} and {@code priority} narrow it.
     */
    AnalyticsFilter filter(ServerRequest req) {
        Instant to = time(query(req, "to"), "to", true);
        if (to == null) { // now, up to the next whole second: readable, and nothing of this second left out
            Instant now = clock.instant();
            to = now.truncatedTo(ChronoUnit.SECONDS);
            if (to.isBefore(now)) {
                to = to.plusSeconds(1);
            }
        }
        Instant from = time(query(req, "from"), "from", false);
        if (from == null) {
            from = day(to.minusNanos(1)).minusDays(DEFAULT_DAYS.toDays() - 1).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        }
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("invalid parameter", "from (" + from + ") must be before to (" + to + ")",
                    "from");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw ApiException.badRequest("invalid parameter", "the period from " + from + " to " + to
                    + " is longer than 366 days; ask for a year at a time", "to");
        }
        String p = query(req, "priority");
        Priority priority = null;
        if (p != null) {
            try {
                priority = Priority.fromWireName(p);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid parameter", "priority: " + e.getMessage(), "priority");
            }
        }
        return new AnalyticsFilter(from, to, query(req, "queue"), priority);
    }

    private static Instant time(String raw, String name, boolean endOfDay) {
        if (raw == null) {
            return null;
        }
        try {
            if (raw.length() == 10) {
                LocalDate d = LocalDate.parse(raw);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Rfc3339.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid parameter", name + " must be an RFC 3339 time such as"
                    + " 2026-11-20T08:00:00Z or a day such as 2026-11-20, got '" + Fields.abbreviate(raw) + "'", name);
        }
    }

    private static LocalDate day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static int limit(ServerRequest req) {
        String raw = query(req, "limit");
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1) {
                return Math.min(n, MAX_LIMIT);
            }
        } catch (NumberFormatException ignored) {
            // same answer as below
        }
        throw ApiException.badRequest("invalid parameter", "limit must be a whole number from 1 to " + MAX_LIMIT
                + " (larger values are clamped), got '" + Fields.abbreviate(raw) + "'", "limit");
    }

    /** {@code ?format=csv|json}, else CSV when the client accepts text/csv and not JSON first. */
    static boolean csv(ServerRequest req) {
        String format = query(req, "format");
        if (format != null) {
            if (format.equals("csv")) {
                return true;
            }
            if (format.equals("json")) {
                return false;
            }
            throw ApiException.badRequest("invalid parameter", "format must be 'json' or 'csv', got '"
                    + Fields.abbreviate(format) + "'", "format");
        }
        String accept = req.headers().first(HeaderNames.ACCEPT).orElse("");
        int csvAt = accept.indexOf("text/csv");
        int jsonAt = accept.indexOf("application/json");
        return csvAt >= 0 && (jsonAt < 0 || csvAt < jsonAt);
    }

    // ---- response ----------------------------------------------------------------------------------------

    private static void send(ServerRequest req, ServerResponse res, boolean csv, String report, AnalyticsFilter f,
                             List<String> columns, List<Map<String, Object>> rows, Map<String, Object> total) {
        if (csv) {
            List<Map<String, Object>> lines = new ArrayList<>(rows);
            if (total != null) {
                Map<String, Object> t = new LinkedHashMap<>(total);
                t.put(columns.getFirst(), "total");
                lines.add(t);
            }
            res.status(200);
            res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"sift-" + report + "-"
                    + day(f.from()) + "-" + day(f.to().minusNanos(1)) + ".csv\"");
            res.send(Csv.write(columns, lines).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", f.from().toString());
        body.put("to", f.to().toString());
        body.put("queue", f.queue());
        body.put("priority", f.priority() == null ? null : f.priority().name());
        body.put("items", rows);
        if (total != null) {
            body.put("total", total);
        }
        Exchange.json(res, 200, body);
    }

    static Map<String, Object> funnelRow(FunnelDay d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", d.day() == null ? null : d.day().toString());
        m.put("signals", d.signals());
        m.put("alerts", d.alerts());
        m.put("incidents", d.incidents());
        m.put("notifications", d.notifications());
        m.put("dedupReduction", d.dedupReduction());
        m.put("groupingReduction", d.groupingReduction());
        m.put("notificationReduction", d.notificationReduction());
        m.put("totalReduction", d.totalReduction());
        m.put("held", d.held());
        m.put("autoCleared", d.autoCleared());
        m.put("silenced", d.silenced());
        m.put("inhibited", d.inhibited());
        return m;
    }

    static Map<String, Object> noisyRow(NoisyAlertType n, boolean csv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", n.kind());
        m.put("signals", n.signals());
        m.put("alerts", n.alerts());
        m.put("incidents", n.incidents());
        m.put("flapping", n.flapping());
        m.put("autoCleared", n.autoCleared());
        m.put("firstSeen", n.firstSeen().toString());
        m.put("lastSeen", n.lastSeen().toString());
        m.put("matchers", csv ? "{" + String.join(", ", n.matchers()) + "}" : n.matchers());
        return m;
    }

    static Map<String, Object> flappingRow(FlappingAlert a, boolean csv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.alertId());
        m.put("kind", a.kind());
        if (csv) {
            List<String> labels = new ArrayList<>();
            new TreeMap<>(a.labels()).forEach((k, v) -> labels.add(k + "=\"" + v.replace("\"", "\\\"") + "\""));
            m.put("labels", "{" + String.join(", ", labels) + "}");
        } else {
            m.put("labels", new TreeMap<>(a.labels()));
        }
        m.put("incidentId", a.incidentId());
        m.put("episodes", a.episodes());
        m.put("signals", a.signals());
        m.put("status", a.status());
        m.put("flappingNow", a.flappingNow());
        m.put("lastSeen", a.lastSeen().toString());
        return m;
    }

    static Map<String, Object> transientRow(TransientOutcome t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", t.rule());
        m.put("held", t.held());
        m.put("autoCleared", t.autoCleared());
        m.put("letThrough", t.letThrough());
        m.put("pending", t.pending());
        m.put("autoClearedShare", t.autoClearedShare());
        return m;
    }

    static Map<String, Object> responseRow(ResponseTimes r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue", r.queue());
        m.put("priority", r.priority() == null ? null : r.priority().name());
        m.put("incidents", r.incidents());
        m.put("acknowledged", r.acknowledged());
        m.put("mttaMeanSeconds", r.mttaMean());
        m.put("mttaMedianSeconds", r.mttaMedian());
        m.put("mttaP90Seconds", r.mttaP90());
        m.put("resolved", r.resolved());
        m.put("resolvedUntouched", r.resolvedUntouched());
        m.put("mttrMeanSeconds", r.mttrMean());
        m.put("mttrMedianSeconds", r.mttrMedian());
        m.put("mttrP90Seconds", r.mttrP90());
        return m;
    }

    static Map<String, Object> slaRow(SlaCompliance s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", s.policy());
        m.put("queue", s.queue());
        m.put("incidents", s.incidents());
        m.put("ackBreaches", s.ackBreaches());
        m.put("resolveBreaches", s.resolveBreaches());
        m.put("breached", s.breached());
        m.put("compliance", s.compliance());
        return m;
    }

    static Map<String, Object> oncallRow(OnCallLoad l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calendar", l.calendar());
        m.put("from", l.from().toString());
        m.put("to", l.to().toString());
        m.put("onCallHours", l.onCallHours());
        m.put("offHours", l.offHours());
        m.put("incidents", l.incidents());
        m.put("inHours", l.inHours());
        m.put("outsideHours", l.outsideHours());
        m.put("perOnCallHour", l.perOnCallHour());
        m.put("perOffHour", l.perOffHour());
        return m;
    }
}
