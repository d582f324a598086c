package dev.sift.http.api;

import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.matching.Matcher;
import dev.sift.core.notification.Channel;
import dev.sift.core.notification.NotificationEvent;
import dev.sift.core.notification.Notifying;
import dev.sift.core.people.Role;
import dev.sift.core.routing.Route;
import dev.sift.core.routing.RouteSettings;
import dev.sift.core.rules.RulesStatus;
import dev.sift.core.time.Durations;
import dev.sift.http.Exchange;
import dev.sift.http.auth.Authenticator;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.sift.core.silence.MaintenanceWindow;
import dev.sift.core.silence.Silence;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** {@code GET /api/v1/rules}: the rules in force, where they came from, and whether the file on disk is valid. */
public final class RulesApi {
    private final Authenticator auth;
    private final Supplier<RulesStatus> status;

    public RulesApi(Authenticator auth, Supplier<RulesStatus> status) {
        this.auth = auth;
        this.status = status;
    }

    public void get(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        RulesStatus s = status.get();
        Map<String, Object> m = status(s);
        AutomationPolicy a = s.rules().automation();
        Map<String, Object> automation = new LinkedHashMap<>();
        automation.put("autoResolve", a.autoResolve());
        automation.put("reopenWindow", Durations.format(a.reopenWindow()));
        automation.put("closeAfter", Durations.format(a.closeAfter()));
        automation.put("expiry", Map.of("resending", Durations.format(a.resendingExpiry()),
                "events", a.eventExpiry() == null ? "never" : Durations.format(a.eventExpiry())));
        m.put("automation", automation);
        Map<String, Object> priorities = new TreeMap<>();
        a.priorities().bySeverity().forEach((severity, p) -> priorities.put(severity, p.name()));
        priorities.put("fallback", a.priorities().fallback().name());
        m.put("priorities", priorities);
        m.put("queues", Map.of("labels", a.queueLabels(), "default", a.defaultQueue()));
        m.put("routes", routes(s.rules().routes().routes(), "routes"));
        m.put("silences", s.rules().silencing().silences().stream().map(RulesApi::silence).toList());
        m.put("maintenance", s.rules().silencing().maintenance().stream().map(RulesApi::window).toList());
        m.put("inhibit", s.rules().inhibition().rules().stream().map(RulesApi::inhibitRule).toList());
        m.put("transients", s.rules().transients().rules().stream().map(RulesApi::transientRule).toList());
        var flapping = s.rules().flapping();
        m.put("flapping", flapping.isOff() ? false
                : Map.of("changes", flapping.changes(), "window", Durations.format(flapping.window())));
        m.put("sla", Map.of("policies", s.rules().sla().policies().stream().map(RulesApi::slaPolicy).toList()));
        Notifying n = s.rules().notifying();
        m.put("channels", n.channels().values().stream().map(RulesApi::channel).toList());
        m.put("notifications", Map.of("defaultChannels", n.defaultChannels(), "attempts", n.attempts(),
                "backoff", Durations.format(n.backoff()), "maxBackoff", Durations.format(n.maxBackoff())));
        Exchange.json(res, 200, m);
    }

    /** Where the rules came from and whether the file on disk is in force: also part of /readyz. */
    public static Map<String, Object> status(RulesStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.state());
        m.put("file", s.file());
        m.put("loadedAt", s.loadedAt());
        m.put("checkedAt", s.checkedAt());
        m.put("errors", s.errors());
        return m;
    }

    /** Routes as the file says them (settings as written, not inherited), each with its path. */
    private static List<Map<String, Object>> routes(List<Route> routes, String prefix) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            String path = prefix + "[" + i + "]";
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("name", r.name());
            m.put("matchers", r.matchers().stream().map(Matcher::toString).toList());
            m.put("continue", r.continueMatching());
            RouteSettings st = r.settings();
            putIfSet(m, "queue", st.queue());
            putIfSet(m, "category", st.category());
            putIfSet(m, "customer", st.customer());
            putIfSet(m, "priority", st.priority() == null ? null : st.priority().wireName());
            putIfSet(m, "labels", st.labels().isEmpty() ? null : st.labels());
            putIfSet(m, "runbook", st.runbook());
            putIfSet(m, "channels", st.channels());
            putIfSet(m, "grouping", st.grouping());
            m.put("routes", routes(r.routes(), path + ".routes"));
            out.add(m);
        }
        return out;
    }

    /** A policy as the file says it; its calendar by name, with the zone it counts in. */
    private static Map<String, Object> slaPolicy(dev.sift.core.sla.SlaPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("queues", p.queues().stream().sorted().toList());
        m.put("priorities", p.priorities().stream().sorted().map(Enum::name).toList());
        m.put("acknowledgeWithin", p.acknowledgeWithin() == null ? null : Durations.format(p.acknowledgeWithin()));
        m.put("resolveWithin", p.resolveWithin() == null ? null : Durations.format(p.resolveWithin()));
        m.put("calendar", p.calendar().isAlways() ? null : p.calendar().name());
        m.put("timeZone", p.calendar().isAlways() ? null : p.calendar().zone().getId());
        m.put("raiseTo", p.raiseTo() == null ? null : p.raiseTo().name());
        m.put("raisePriority", p.raiseOneStep());
        return m;
    }

    private static Map<String, Object> silence(Silence x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", x.name());
        m.put("matchers", x.matchers().stream().map(Matcher::toString).toList());
        m.put("startsAt", x.startsAt());
        m.put("endsAt", x.endsAt());
        m.put("comment", x.comment());
        return m;
    }

    private static Map<String, Object> inhibitRule(dev.sift.core.inhibition.InhibitRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("source", r.source().stream().map(Matcher::toString).toList());
        m.put("target", r.target().stream().map(Matcher::toString).toList());
        m.put("equal", r.equal());
        return m;
    }

    private static Map<String, Object> transientRule(dev.sift.core.transients.TransientRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("matchers", r.matchers().stream().map(Matcher::toString).toList());
        putIfSet(m, "holdFor", r.holdFor() == null ? null : Durations.format(r.holdFor()));
        if (r.minOccurrences() > 0) {
            m.put("minOccurrences", r.minOccurrences());
            m.put("window", Durations.format(r.window()));
        }
        return m;
    }

    /** A channel without its secrets; a webhook's URL without path or query (they often carry a token). */
    private static Map<String, Object> channel(Channel c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("type", c.type());
        m.put("events", Arrays.stream(NotificationEvent.values()).filter(c::takes).map(NotificationEvent::wireName)
                .toList());
        switch (c) {
            case Channel.Webhook w -> {
                m.put("url", w.redactedUrl());
                m.put("signed", w.secret() != null);
            }
            case Channel.Email e -> {
                m.put("host", e.host());
                m.put("port", e.port());
                m.put("starttls", e.starttls());
                m.put("authenticated", e.username() != null);
                m.put("from", e.from());
                m.put("to", e.to());
            }
        }
        return m;
    }

    private static Map<String, Object> window(MaintenanceWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("matchers", w.matchers().stream().map(Matcher::toString).toList());
        m.put("every", Arrays.stream(DayOfWeek.values()).filter(w.schedule().days()::contains)
                .map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT)).toList());
        m.put("from", w.schedule().from().toString());
        m.put("to", w.schedule().to().toString());
        m.put("timeZone", w.schedule().zone().getId());
        m.put("comment", w.comment());
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
