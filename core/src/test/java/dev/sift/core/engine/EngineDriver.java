package dev.sift.core.engine;

import dev.sift.core.alert.Alert;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.grouping.GroupingPolicies;
import dev.sift.core.grouping.NoGrouping;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.signal.Signal;
import dev.sift.core.workflow.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * An engine, a hand-moved clock, and what storage would hold: everything the engine reported through
 * {@link Changes} (latest alert and incident objects by id, every timeline entry in order). Tests look at that,
 * as a user would, rather than at the engine's insides.
 */
final class EngineDriver {
    static final java.time.Instant START = java.time.Instant.parse("2025-03-01T09:00:00Z");

    final Engine engine;
    final MutableClock clock;
    private final Map<Long, Incident> incidents = new TreeMap<>();
    private final Map<Long, Alert> alerts = new TreeMap<>();
    private final Map<Long, Map<String, String>> annotations = new TreeMap<>();
    private final List<TimelineEntry> timeline = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Map<Long, dev.sift.core.silence.Silence> silences = new TreeMap<>();
    private Changes lastChanges = new Changes();
    private final Map<Long, dev.sift.core.sla.IncidentSla> slas = new TreeMap<>();
    private final Map<Long, dev.sift.core.heartbeat.Heartbeat> heartbeats = new TreeMap<>();
    private final List<dev.sift.core.notification.Notification> notifications = new ArrayList<>();
    private final Map<String, dev.sift.core.grouping.Lessons.Lesson> lessons = new TreeMap<>();
    private final List<dev.sift.core.journal.JournalEntry> journal = new ArrayList<>();

    /** The defaults, but every alert in an incident of its own: most engine tests are about one alert. */
    static final AutomationPolicy ALONE = AutomationPolicy.defaults().withGrouping(GroupingPolicies.only(new NoGrouping()));

    EngineDriver() {
        this(ALONE);
    }

    EngineDriver(AutomationPolicy policy) {
        this(new Engine(policy), new MutableClock(START));
    }

    EngineDriver(Engine engine, MutableClock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    // ---- commands ------------------------------------------------------------------------------------------

    Outcome apply(Command command) {
        Changes changes = new Changes();
        Outcome outcome = engine.apply(command, clock.now(), changes);
        changes.alerts().forEach(a -> {
            alerts.put(a.id(), a);
            if (changes.annotationsOf(a) != null) {
                annotations.put(a.id(), changes.annotationsOf(a)); // as storage does; else it keeps the stored ones
            }
        });
        changes.alertsSeen().forEach(a -> alerts.put(a.id(), a)); // storage writes count and last-seen only
        changes.incidents().forEach(i -> incidents.put(i.id(), i));
        timeline.addAll(changes.timeline());
        changes.silences().forEach(x -> silences.put(x.id(), x));
        changes.slas().forEach(x -> slas.put(x.incidentId(), x));
        changes.heartbeats().forEach(x -> heartbeats.put(x.integrationId(), x));
        notifications.addAll(changes.notifications());
        changes.lessons().forEach(l -> lessons.put(l.name() + '\u0000' + l.other(), l));
        journal.addAll(changes.journal());
        outcomes.add(outcome);
        lastChanges = changes;
        return outcome;
    }

    Outcome.Ingested ingest(Signal signal) {
        return (Outcome.Ingested) apply(new Command.Ingest(signal));
    }

    Outcome act(long incidentId, String actor, Action action) {
        return apply(new Command.Act(incidentId, actor, action));
    }

    Outcome.Ticked tick() {
        return (Outcome.Ticked) apply(new Command.Tick());
    }

    /** Moves the clock and lets due timers run, as the runtime does when it wakes up. */
    Outcome.Ticked advanceAndTick(Duration d) {
        clock.advance(d);
        return tick();
    }

    // ---- what storage would hold ---------------------------------------------------------------------------

    Incident incident(long id) {
        Incident i = incidents.get(id);
        if (i == null) {
            throw new NoSuchElementException("incident #" + id + " was never reported");
        }
        return i;
    }

    /** The annotations storage would hold for an alert. */
    Map<String, String> annotations(long alertId) {
        alert(alertId);
        return annotations.get(alertId);
    }

    Alert alert(long id) {
        Alert a = alerts.get(id);
        if (a == null) {
            throw new NoSuchElementException("alert " + id + " was never reported");
        }
        return a;
    }

    /** The alerts storage holds for an incident, oldest first. */
    List<Alert> alertsOf(long incidentId) {
        return alerts.values().stream().filter(a -> a.incidentId() == incidentId).toList();
    }

    List<TimelineEntry> timeline(long incidentId) {
        return timeline.stream().filter(e -> e.incidentId() == incidentId).toList();
    }

    List<TimelineKind> kinds(long incidentId) {
        return timeline(incidentId).stream().map(TimelineEntry::kind).toList();
    }

    TimelineEntry lastEntry(long incidentId) {
        List<TimelineEntry> t = timeline(incidentId);
        if (t.isEmpty()) {
            throw new NoSuchElementException("incident #" + incidentId + " has no timeline");
        }
        return t.get(t.size() - 1);
    }

    /** The API silences storage would hold, created or expired. */
    dev.sift.core.silence.Silence silence(long id) {
        var s = silences.get(id);
        if (s == null) {
            throw new NoSuchElementException("silence " + id + " was never reported");
        }
        return s;
    }

    /** The SLA clocks storage would hold for an incident, or null. */
    dev.sift.core.sla.IncidentSla sla(long incidentId) {
        return slas.get(incidentId);
    }

    /** Every incident storage would hold. */
    java.util.Collection<Incident> incidents() {
        return incidents.values();
    }

    List<TimelineEntry> allTimeline() {
        return List.copyOf(timeline);
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The outbox rows storage would hold, in order. */
    /** The effect journal entries of every command so far, in order. */
    List<dev.sift.core.journal.JournalEntry> journal() {
        return journal;
    }

    List<dev.sift.core.notification.Notification> notifications() {
        return List.copyOf(notifications);
    }

    Changes lastChanges() {
        return lastChanges;
    }

    /**
     * What storage would load at start-up: copies (not the engine's live objects) of every incident that is not
     * closed, the alerts in them, and the highest numbers handed out.
     */
    EngineState snapshot() {
        List<Incident> open = incidents.values().stream()
                .filter(i -> i.status() != IncidentStatus.CLOSED).map(EngineDriver::copy).toList();
        var openIds = open.stream().map(Incident::id).toList();
        List<Alert> theirAlerts = alerts.values().stream()
                .filter(a -> openIds.contains(a.incidentId())).map(this::copy).toList();
        long lastIncident = incidents.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        long lastAlert = alerts.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        return new EngineState(open, theirAlerts, lastIncident, lastAlert, List.of(), Map.of(), List.of(), 0,
                slas.values().stream().filter(s -> openIds.contains(s.incidentId())).toList(),
                List.copyOf(heartbeats.values()), List.copyOf(lessons.values()));
    }

    /** The lessons storage would hold. */
    List<dev.sift.core.grouping.Lessons.Lesson> lessons() {
        return List.copyOf(lessons.values());
    }

    static Incident copy(Incident i) {
        Incident c = new Incident(i.id(), i.title(), i.status(), i.priority(), i.priorityOverridden(), i.queue(),
                i.assignee(), i.humanInvolved(), i.createdAt(), i.updatedAt(), i.acknowledgedAt(), i.resolvedAt(),
                i.closedAt(), i.snoozedUntil(), i.labels(), i.routing());
        c.setMergedInto(i.mergedInto());
        return c;
    }

    Alert copy(Alert a) {
        Alert c = new Alert(a.id(), a.incidentId(), a.source(), a.integrationId(), a.fingerprint(),
                a.upstreamFingerprint(), a.dedupKey(), a.labels(), annotations.get(a.id()), a.title(), a.severity(),
                a.status(), a.startsAt(), a.firstSeen(), a.lastSeen(), a.resolvedAt(), a.resolution(), a.count(),
                a.episode());
        if (a.heldBy() != null) { // as storage keeps them (V8)
            c.restoreHold(a.heldBy(), a.heldUntil(), a.holdReason());
        }
        c.setFlapping(a.isFlapping());
        return c;
    }
}
