package dev.sift.http.api;

import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.integration.ConnectionHealth;
import dev.sift.core.integration.Integration;
import dev.sift.core.people.ApiToken;
import dev.sift.core.people.User;
import dev.sift.core.query.AlertView;
import dev.sift.core.query.IncidentDetail;
import dev.sift.core.query.IncidentSummary;
import dev.sift.core.query.TimelineView;
import dev.sift.core.routing.Routing;
import dev.sift.core.matching.Matcher;
import dev.sift.core.silence.Silence;
import dev.sift.core.sla.IncidentSla;
import dev.sift.core.time.Durations;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON shapes, built in one place so that lists and details always agree. */
final class Views {
    private Views() {}

    static Map<String, Object> incident(IncidentSummary i) {
        return incident(i, null);
    }

    /** With {@code now}, the SLA clocks that run say how much time is left. */
    static Map<String, Object> incident(IncidentSummary i, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("number", "#" + i.id());
        m.put("title", i.title());
        m.put("status", i.status().wireName());
        m.put("priority", i.priority().name());
        m.put("priorityOverridden", i.priorityOverridden());
        m.put("assignee", i.assignee());
        m.put("queue", i.queue());
        m.put("createdAt", i.createdAt());
        m.put("updatedAt", i.updatedAt());
        m.put("acknowledgedAt", i.acknowledgedAt());
        m.put("resolvedAt", i.resolvedAt());
        m.put("closedAt", i.closedAt());
        m.put("snoozedUntil", i.snoozedUntil());
        m.put("alertCount", i.alertCount());
        m.put("eventCount", i.eventCount());
        m.put("firstSeen", i.firstSeen());
        m.put("lastSeen", i.lastSeen());
        m.put("labels", i.labels());
        Routing r = i.routing();
        m.put("category", r.category());
        m.put("customer", r.customer());
        m.put("runbook", r.runbook());
        m.put("channels", r.channels());
        m.put("extraLabels", r.labels());
        m.put("grouping", r.grouping());
        m.put("route", route(r));
        m.put("flapping", i.flapping()); // an alert of it is flapping: notifications are to be muted
        m.put("sla", sla(i, now));
        return m;
    }

    /**
     * The SLA clocks; null when no policy ever applied. Each clock's state is {@code running}, {@code paused}
     * (snoozed), {@code met}, {@code stopped} (resolved before it was acknowledged) or {@code breached}, or null when
     * the policy has no such clock; {@code …Remaining} is elapsed time to the due time while the clock runs
     * (negative: overdue, the breach is on its way).
     */
    private static Map<String, Object> sla(IncidentSummary i, Instant now) {
        IncidentSla s = i.sla();
        if (s == null) {
            return null;
        }
        boolean ended = i.status() == IncidentStatus.RESOLVED || i.status() == IncidentStatus.CLOSED;
        String ack = s.ackBreached() ? "breached" : s.ackDueAt() == null ? null : i.acknowledgedAt() != null ? "met"
                : ended ? "stopped" : i.status() == IncidentStatus.SNOOZED ? "paused" : "running";
        String resolve = s.resolveBreached() ? "breached" : s.resolveDueAt() == null ? null : ended ? "met"
                : i.status() == IncidentStatus.SNOOZED ? "paused" : "running";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", s.policy());
        m.put("ackDueAt", s.ackDueAt());
        m.put("ackState", ack);
        m.put("ackBreached", s.ackBreached());
        m.put("ackRemainingSeconds", remaining("running".equals(ack), s.ackDueAt(), now));
        m.put("resolveDueAt", s.resolveDueAt());
        m.put("resolveState", resolve);
        m.put("resolveBreached", s.resolveBreached());
        m.put("resolveRemainingSeconds", remaining("running".equals(resolve), s.resolveDueAt(), now));
        return m;
    }

    private static Long remaining(boolean running, Instant due, Instant now) {
        return running && due != null && now != null ? java.time.Duration.between(now, due).toSeconds() : null;
    }

    /** Which route decided and why; null for incidents opened before routing existed. */
    private static Map<String, Object> route(Routing r) {
        if (r.reason() == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.routeName());
        m.put("path", r.routePath());
        m.put("reason", r.reason());
        m.put("priority", r.priorityRule() == null ? null : r.priorityRule().wireName());
        return m;
    }

    static Map<String, Object> incident(IncidentDetail d) {
        return incident(d, null);
    }

    static Map<String, Object> incident(IncidentDetail d, Instant now) {
        Map<String, Object> m = incident(d.incident(), now);
        // a merged incident's number forwards to the incident that took its alerts
        m.put("mergedInto", d.mergedInto() == 0 ? null : d.mergedInto());
        m.put("alerts", d.alerts().stream().map(Views::alert).toList());
        m.put("timeline", d.timeline().stream().map(Views::timeline).toList());
        return m;
    }

    static Map<String, Object> alert(AlertView a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("incidentId", a.incidentId() == 0 ? null : a.incidentId()); // none while silenced
        m.put("source", a.source());
        m.put("fingerprint", a.fingerprint());
        m.put("upstreamFingerprint", a.upstreamFingerprint());
        m.put("dedupKey", a.dedupKey());
        m.put("title", a.title());
        m.put("severity", a.severity());
        m.put("status", a.status().wireName());
        m.put("labels", a.labels());
        m.put("annotations", a.annotations());
        m.put("startsAt", a.startsAt());
        m.put("firstSeen", a.firstSeen());
        m.put("lastSeen", a.lastSeen());
        m.put("resolvedAt", a.resolvedAt());
        m.put("resolution", a.resolution());
        m.put("count", a.count());
        m.put("episode", a.episode());
        m.put("flapping", a.flapping());
        if (a.silencedBy() != null) {
            m.put("silenced", Map.of("by", a.silencedBy(), "reason", a.silenceReason()));
        }
        if (a.inhibitedBy() != 0) {
            m.put("inhibited", Map.of("byAlert", a.inhibitedBy(), "reason", a.inhibitReason()));
        }
        if (a.heldBy() != null) { // pending now, or held once: by which rule, until when, and how it ended
            Map<String, Object> held = new LinkedHashMap<>();
            held.put("rule", a.heldBy());
            held.put("pending", a.isPending());
            held.put("until", a.heldUntil());
            held.put("reason", a.holdReason());
            m.put("held", held);
        }
        return m;
    }

    static Map<String, Object> silence(Silence s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("matchers", s.matchers().stream().map(Matcher::toString).toList());
        m.put("startsAt", s.startsAt());
        m.put("endsAt", s.endsAt());
        m.put("state", s.state(now).wireName());
        m.put("createdBy", s.createdBy());
        m.put("comment", s.comment());
        m.put("createdAt", s.createdAt());
        return m;
    }

    static Map<String, Object> timeline(TimelineView t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("at", t.at());
        m.put("actor", t.actor());
        m.put("kind", t.kind());
        m.put("message", t.message());
        m.put("alertId", t.alertId() == 0 ? null : t.alertId());
        return m;
    }

    static Map<String, Object> integration(Integration i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("name", i.name());
        m.put("kind", i.kind().wireName());
        if (i.heartbeatInterval() != null) {
            m.put("interval", Durations.format(i.heartbeatInterval()));
            m.put("grace", Durations.format(i.heartbeatGrace()));
        }
        m.put("createdAt", i.createdAt());
        m.put("createdBy", i.createdBy());
        return m;
    }

    /** The connection to a source that Sift subscribes to: {@code connected}, and the last event and error. */
    static Map<String, Object> health(ConnectionHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connected", h.connected());
        m.put("since", h.since());
        m.put("lastEventAt", h.lastEventAt());
        m.put("lastReconciledAt", h.lastReconciledAt());
        m.put("lastError", h.lastError());
        m.put("lastErrorAt", h.lastErrorAt());
        return m;
    }

    static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("username", u.username());
        m.put("role", u.role().wireName());
        m.put("createdAt", u.createdAt());
        return m;
    }

    static Map<String, Object> token(ApiToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("username", t.username());
        m.put("name", t.name());
        m.put("createdAt", t.createdAt());
        m.put("lastUsedAt", t.lastUsedAt());
        return m;
    }

    static Map<String, Object> page(java.util.List<?> items, String next) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", items);
        m.put("next", next);
        return m;
    }
}
