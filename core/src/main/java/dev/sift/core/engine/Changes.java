package dev.sift.core.engine;

import dev.sift.core.alert.Alert;
import dev.sift.core.grouping.Lessons;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.journal.JournalEntry;
import dev.sift.core.notification.Notification;
import dev.sift.core.signal.RawSignal;
import dev.sift.core.heartbeat.Heartbeat;
import dev.sift.core.silence.Silence;
import dev.sift.core.sla.IncidentSla;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch of commands changed, to be written in one transaction. Alerts and incidents are coalesced by id:
 * an alert repeated a hundred times in one batch is written once, in its latest state. An alert whose only change
 * is its counter and last-seen time (a repeat) is listed apart, so that storage can write just those two
 * columns. Timeline entries are appended in order; so are the raw request bodies for the signal log, which the
 * writer adds (the engine never sees them). Notifications go to the outbox in the same transaction, once per
 * dedup key.
 */
public final class Changes {
    private final Map<Long, Alert> alerts = new LinkedHashMap<>();
    private final Map<Long, Alert> alertsSeen = new LinkedHashMap<>();
    private final Map<Long, Map<String, String>> annotations = new HashMap<>();
    private final Map<Long, Incident> incidents = new LinkedHashMap<>();
    private final List<TimelineEntry> timeline = new ArrayList<>();
    private final List<RawSignal> signals = new ArrayList<>();
    /** Alerts and events received in this batch, by the hour they arrived in (for the analytics' noise funnel). */
    private final Map<Instant, Long> received = new LinkedHashMap<>();
    private final Map<Long, Silence> silences = new LinkedHashMap<>();
    /** Transient rule name → alerts it auto-cleared in this batch, for the metric. */
    private final Map<String, Integer> autoCleared = new LinkedHashMap<>();
    private final Map<Long, IncidentSla> slas = new LinkedHashMap<>();
    private final Map<Long, Heartbeat> heartbeats = new LinkedHashMap<>();
    private final Map<String, Notification> notifications = new LinkedHashMap<>();
    /** Effect journal entries for external systems (ADR 8), once per key. */
    private final Map<String, JournalEntry> journal = new LinkedHashMap<>();
    /** Which rule attached which alert to an incident in this batch (the timeline says it to people). */
    private final List<Inhibited> inhibited = new ArrayList<>();
    /** SLA clocks that ran out in this batch, under which policy (the timeline says it to people). */
    private final List<SlaBreach> slaBreaches = new ArrayList<>();
    /** What people's corrections taught grouping, by pair of names: the latest state of each. */
    private final Map<String, Lessons.Lesson> lessons = new LinkedHashMap<>();

    /** An inhibit rule attached an alert to the incident of the alert that inhibits it. */
    public record Inhibited(long alertId, long incidentId, String rule) {}

    /** An SLA clock of an incident ran out under a policy: the acknowledge clock, else the resolve clock. */
    public record SlaBreach(long incidentId, String policy, boolean acknowledge) {}

    void alert(Alert a) {
        alerts.put(a.id(), a);
        alertsSeen.remove(a.id());
    }

    /**
     * New annotations of an alert changed in full (the engine keeps only a digest of them, so they travel to
     * storage here; an alert written without them keeps the ones stored).
     */
    void annotations(Alert a, Map<String, String> latest) {
        annotations.put(a.id(), latest);
    }

    /** Only the alert's count and last-seen time changed, unless it is also changed in full in this batch. */
    void alertSeen(Alert a) {
        if (!alerts.containsKey(a.id())) {
            alertsSeen.put(a.id(), a);
        }
    }

    void incident(Incident i) {
        incidents.put(i.id(), i);
    }

    /** A silence created or expired through the API (rules-file silences live in the file, not here). */
    void silence(Silence s) {
        silences.put(s.id(), s);
    }

    /** A pending alert held by this transient rule recovered without opening an incident. */
    void autoCleared(String rule) {
        autoCleared.merge(rule, 1, Integer::sum);
    }

    /** Transient rule name → alerts it auto-cleared in this batch. */
    public Map<String, Integer> autoCleared() {
        return autoCleared;
    }

    /**
     * An inhibit rule attached this alert to an incident. Kept as a fact (rule name, not the sentence of the
     * timeline) so that a replay can report per rule what it did.
     */
    void inhibited(long alertId, long incidentId, String rule) {
        inhibited.add(new Inhibited(alertId, incidentId, rule));
    }

    /** Alerts that inhibit rules attached to incidents in this batch, in order. */
    public List<Inhibited> inhibited() {
        return inhibited;
    }

    /** An SLA clock ran out under this policy; as a fact, for a replay's report per policy. */
    void slaBreached(long incidentId, String policy, boolean acknowledge) {
        slaBreaches.add(new SlaBreach(incidentId, policy, acknowledge));
    }

    /** SLA clocks that ran out in this batch, in order. */
    public List<SlaBreach> slaBreaches() {
        return slaBreaches;
    }

    /** An incident's SLA clocks changed (due times, breaches or pauses). */
    void sla(IncidentSla s) {
        slas.put(s.incidentId(), s);
    }

    /** A heartbeat was watched or pinged: its last ping must survive a restart. */
    void heartbeat(Heartbeat h) {
        heartbeats.put(h.integrationId(), h);
    }

    /** A lesson people taught grouping changed: it must survive a restart. */
    void lesson(Lessons.Lesson l) {
        lessons.put(l.name() + '\u0000' + l.other(), l);
    }

    public Collection<Lessons.Lesson> lessons() {
        return lessons.values();
    }

    void timeline(TimelineEntry e) {
        timeline.add(e);
    }

    /**
     * A notification for the outbox. The same key twice in a batch (a priority raised twice at one instant) is one
     * notification: the latest state, measured from what people were told before the first.
     */
    public void notification(Notification n) {
        notifications.merge(n.dedupKey(), n, (first, latest) -> new Notification(latest.dedupKey(),
                latest.incidentId(), latest.channel(), latest.event(), latest.at(), latest.title(), latest.status(),
                latest.priority(), first.previousPriority(), latest.queue(), latest.labels(), latest.runbook(),
                latest.message()));
    }

    /** An entry of the effect journal, for the external systems Sift keeps in step; once per key. */
    public void journal(JournalEntry e) {
        journal.putIfAbsent(e.key(), e);
    }

    public Collection<JournalEntry> journal() {
        return journal.values();
    }

    /** A request body to keep in the signal log, committed with the effects of its signals. */
    public void logSignal(RawSignal raw) {
        signals.add(raw);
    }

    /**
     * Counts the alerts or events of one request, repeats included, in the hour of {@code at}: the signal log
     * keeps only bodies that changed something, so the number received is counted apart.
     */
    public void countReceived(Instant at, int count) {
        if (count > 0) {
            received.merge(at.truncatedTo(ChronoUnit.HOURS), (long) count, Long::sum);
        }
    }

    /** Hour (UTC) → alerts and events received in it, in this batch. */
    public Map<Instant, Long> received() {
        return received;
    }

    public Collection<Alert> alerts() {
        return alerts.values();
    }

    /** The annotations to store for an alert of {@link #alerts()}, or null to keep the stored ones. */
    public Map<String, String> annotationsOf(Alert a) {
        return annotations.get(a.id());
    }

    /** Alerts of which only the count and last-seen time must be written. */
    public Collection<Alert> alertsSeen() {
        return alertsSeen.values();
    }

    public Collection<Incident> incidents() {
        return incidents.values();
    }

    public List<TimelineEntry> timeline() {
        return timeline;
    }

    public List<RawSignal> signals() {
        return signals;
    }

    public Collection<Silence> silences() {
        return silences.values();
    }

    public Collection<IncidentSla> slas() {
        return slas.values();
    }

    public Collection<Heartbeat> heartbeats() {
        return heartbeats.values();
    }

    public Collection<Notification> notifications() {
        return notifications.values();
    }

    public boolean isEmpty() {
        return alerts.isEmpty() && alertsSeen.isEmpty() && incidents.isEmpty() && timeline.isEmpty()
                && signals.isEmpty() && silences.isEmpty() && slas.isEmpty() && heartbeats.isEmpty()
                && notifications.isEmpty() && lessons.isEmpty() && journal.isEmpty() && received.isEmpty();
    }

    public int size() {
        return alerts.size() + alertsSeen.size() + incidents.size() + timeline.size() + signals.size() + silences.size()
                + slas.size() + heartbeats.size() + notifications.size() + lessons.size() + journal.size();
    }

    public void clear() {
        alerts.clear();
        alertsSeen.clear();
        annotations.clear();
        incidents.clear();
        timeline.clear();
        signals.clear();
        received.clear();
        silences.clear();
        autoCleared.clear();
        slas.clear();
        heartbeats.clear();
        notifications.clear();
        journal.clear();
        inhibited.clear();
        slaBreaches.clear();
        lessons.clear();
    }
}
