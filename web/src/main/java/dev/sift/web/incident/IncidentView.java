package dev.sift.web.incident;

import dev.sift.core.alert.AlertStatus;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.query.AlertView;
import dev.sift.core.query.IncidentDetail;
import dev.sift.core.query.IncidentSummary;
import dev.sift.core.query.TimelineView;
import dev.sift.web.Chrome;
import dev.sift.web.Format;
import dev.sift.web.markdown.SafeMarkdown;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What the incident page shows; every string is rendered escaped, links only when http(s). */
public record IncidentView(Chrome chrome, long number, String title, String status, String priority,
                           boolean priorityOverridden, String queue, String owner, String opened, String openedAt,
                           String snoozedUntil, Format.SlaCell sla, String routingReason, String runbook,
                           List<AlertRow> alerts, List<Entry> timeline, List<String> people, String error,
                           Actions actions) {

    /** Which buttons make sense in this state; all false for a viewer. The engine has the last word anyway. */
    public record Actions(boolean acknowledge, boolean snooze, boolean resolve, boolean close, boolean reopen,
                          boolean assign, boolean comment, boolean priority) {
        static Actions of(IncidentStatus s, boolean canAct) {
            if (!canAct) {
                return new Actions(false, false, false, false, false, false, false, false);
            }
            boolean open = s.isOpen();
            return new Actions(s == IncidentStatus.TRIGGERED || s == IncidentStatus.SNOOZED, open, open,
                    s != IncidentStatus.CLOSED, !open, s != IncidentStatus.CLOSED, true, s != IncidentStatus.CLOSED);
        }

        public boolean any() {
            return acknowledge || snooze || resolve || close || reopen || assign || comment || priority;
        }
    }

    /** An annotation: its text always, and a link only when its value is an http(s) URL. */
    public record Annotation(String name, String value, String href) {}

    public record AlertRow(long id, String title, String state, List<String> labels, List<Annotation> annotations,
                           long count, String firstSeen, String firstSeenAt, String lastSeen, String lastSeenAt,
                           String why) {
        static AlertRow of(AlertView a, Instant now) {
            List<String> labels = new ArrayList<>();
            new TreeMap<>(a.labels()).forEach((k, v) -> labels.add(k + "=" + v));
            List<Annotation> annotations = new ArrayList<>();
            new TreeMap<>(a.annotations()).forEach((k, v) -> annotations.add(new Annotation(k, v, Format.safeHref(v))));
            String state = a.status() == AlertStatus.RESOLVED ? "resolved"
                    : a.inhibitedBy() != 0 ? "inhibited" : a.silencedBy() != null ? "silenced" : "firing";
            String why = a.inhibitReason() != null ? a.inhibitReason()
                    : a.silenceReason() != null ? a.silenceReason() : a.holdReason();
            return new AlertRow(a.id(), a.title(), state, labels, annotations, a.count(), Format.ago(a.firstSeen(), now),
                    Format.iso(a.firstSeen()), Format.ago(a.lastSeen(), now), Format.iso(a.lastSeen()), why);
        }
    }

    /** A timeline entry; a comment also as Markdown blocks (null for other kinds). */
    public record Entry(String at, String ago, String actor, String kind, String message,
                        List<SafeMarkdown.Block> markdown) {
        static Entry of(TimelineView t, Instant now) {
            return new Entry(Format.iso(t.at()), Format.ago(t.at(), now), t.actor(), t.kind(), t.message(),
                    t.kind().equals("comment") ? SafeMarkdown.parse(t.message()) : null);
        }
    }

    static IncidentView of(IncidentDetail d, Chrome chrome, List<String> people, String error, Instant now) {
        IncidentSummary i = d.incident();
        String runbook = Format.safeHref(i.routing() == null ? null : i.routing().runbook());
        return new IncidentView(chrome, i.id(), i.title(), i.status().wireName(), i.priority().name(),
                i.priorityOverridden(), i.queue(), i.assignee(), Format.ago(i.createdAt(), now), Format.iso(i.createdAt()),
                i.status() == IncidentStatus.SNOOZED && i.snoozedUntil() != null ? Format.iso(i.snoozedUntil()) : null,
                Format.sla(i, now), i.routing() == null ? null : i.routing().reason(), runbook,
                d.alerts().stream().map(a -> AlertRow.of(a, now)).toList(),
                d.timeline().stream().map(t -> Entry.of(t, now)).toList(), people, error,
                Actions.of(i.status(), chrome.canAct()));
    }
}
