package dev.sift.core.engine;

import dev.sift.core.alert.Alert;
import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.LabelPool;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.flapping.FlapDetector;
import dev.sift.core.engine.Outcome.Rejected.Reason;
import dev.sift.core.grouping.Grouper;
import dev.sift.core.grouping.GroupingDecision;
import dev.sift.core.grouping.Lessons;
import dev.sift.core.grouping.Newcomer;
import dev.sift.core.heartbeat.Heartbeat;
import dev.sift.core.heartbeat.Heartbeats;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.incident.TimelineEntry;
import dev.sift.core.incident.TimelineKind;
import dev.sift.core.inhibition.InhibitCandidate;
import dev.sift.core.inhibition.InhibitDecision;
import dev.sift.core.inhibition.Inhibition;
import dev.sift.core.matching.AlertFields;
import dev.sift.core.journal.Journal;
import dev.sift.core.notification.Notifier;
import dev.sift.core.routing.RoutingDecision;
import dev.sift.core.routing.RoutingPolicy;
import dev.sift.core.rules.Rules;
import dev.sift.core.signal.Signal;
import dev.sift.core.silence.MuteDecision;
import dev.sift.core.silence.Silence;
import dev.sift.core.silence.Silences;
import dev.sift.core.sla.Breach;
import dev.sift.core.sla.IncidentSla;
import dev.sift.core.sla.SlaClocks;
import dev.sift.core.time.Durations;
import dev.sift.core.transients.Holding;
import dev.sift.core.transients.TransientRule;
import dev.sift.core.workflow.Action;
import dev.sift.core.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The pure, deterministic heart of Sift: {@code apply(command, now) → outcome}, recording what changed into a
 * {@link Changes}. No I/O, no clock, no randomness: the same commands at the same instants give the same
 * incidents, which is what makes replay exact and tests fast.
 *
 * <p>It holds the working set in memory: every incident that is not closed, and the alerts in them. Closed
 * incidents leave memory; the next signal for one of their fingerprints opens a new incident. Not thread-safe:
 * one writer thread owns an engine.
 */
public final class Engine {
    /** An incident with more alerts than this is not merged into another by grouping (see {@link #targetsFrom}). */
    static final int MOVABLE_ALERTS = 1_000;

    private Rules rules;
    /** {@code rules.automation()}, read on every signal. */
    private AutomationPolicy policy;
    private RoutingPolicy routing;
    /** The current alert of each fingerprint: the one in the newest incident that is not closed. */
    private final Map<String, Alert> alertsByFingerprint = new HashMap<>();
    final Map<Long, Alert> alertsById = new HashMap<>();
    final Map<Long, Incident> incidents = new LinkedHashMap<>();
    final Map<Long, List<Alert>> alertsOfIncident = new HashMap<>();
    private final Timers timers = new Timers();
    /** Label strings shared between the alerts held: enough for the distinct values of a large fleet. */
    private final LabelPool labelPool = new LabelPool(200_000);
    /** Where new alert episodes go; see {@link #openIncident}. Routes will pick a named policy per alert. */
    private Grouper grouping;
    /** What people taught grouping by merging and moving (see {@link Corrections}); outlives a grouper. */
    final Lessons lessons = new Lessons();
    /** People merging and moving: see {@link Corrections}. */
    private final Corrections corrections = new Corrections(this);
    private final LongPredicate acceptsAlerts = id -> {
        Incident i = incidents.get(id);
        return i != null && i.status().isOpen();
    };
    private long lastIncidentId;
    private long lastAlertId;
    /** API silences that are pending or active; the rules file's are in {@code rules.silencing()}. */
    private final Silences silences = new Silences();
    private long lastSilenceId;
    /** Firing alerts that a silence keeps out of any incident, with what matchers see of them. */
    private final Map<Long, AlertFields> silencedAlerts = new HashMap<>();
    /** Integration id → name, for what matchers see ({@code @integration}) of alerts already held. */
    private final Map<Long, String> integrationNames = new HashMap<>();
    /** Pending alerts (held back by a transient rule) and the occurrences that {@code minOccurrences} counts. */
    private final Holding holding = new Holding();
    private final FlapDetector flaps = new FlapDetector();
    /** The SLA clocks of open incidents; they follow every recorded change of an incident (see {@link #record}). */
    private final SlaClocks slaClocks = new SlaClocks();
    private final Heartbeats heartbeats = new Heartbeats();
    /**
     * Turns what the timeline records into notifications (see {@link #record}); also where a flapping incident is
     * muted ({@code notifier.mute(id)}) and an event no timeline kind stands for is notified
     * ({@code notifier.event(incident, NotificationEvent.SLA_BREACHED, message, now, rules.notifying(), out::notification)}).
     */
    private final Notifier notifier = new Notifier();
    /** Turns what the timeline records into entries of the effect journal for external systems (ADR 8). */
    private final Journal journal = new Journal();

    public Engine(Rules rules) {
        setRules(rules);
    }

    /** An engine with these automation settings and no routes. */
    public Engine(AutomationPolicy policy) {
        this(Rules.of(Objects.requireNonNull(policy, "policy")));
    }

    public AutomationPolicy policy() {
        return policy;
    }

    /** The rules in force. */
    public Rules rules() {
        return rules;
    }

    private void setRules(Rules rules) {
        var groupingBefore = policy == null ? null : policy.grouping();
        this.rules = Objects.requireNonNull(rules, "rules");
        this.policy = rules.automation();
        this.routing = rules.routing();
        slaClocks.use(rules.sla());
        if (grouping == null || !policy.grouping().equals(groupingBefore)) {
            // a changed grouping policy starts learning anew, from the alerts that are firing now
            grouping = policy.grouping().defaultPolicy().newGrouper();
            grouping.learnFrom(lessons);
            alertsById.values().forEach(this::offerToGrouping);
        }
    }

    /** The grouping policy in use (its state follows the incidents). */
    Grouper grouping() {
        return grouping;
    }

    /** Lets the grouper know of a firing alert in an open incident (after a restart or a change of policy). */
    void offerToGrouping(Alert a) {
        Incident incident = incidents.get(a.incidentId());
        if (a.isFiring() && !a.isInhibited() && incident != null && incident.status().isOpen()) {
            grouping.joined(a.incidentId(), newcomer(a.id(), a.source(), a.labels(), a.title(),
                    a.startsAt() == null ? a.lastSeen() : a.startsAt()));
        }
    }

    /** Replaces the working set with one loaded from storage, and re-derives every deadline from it. */
    public void restore(EngineState state) {
        alertsByFingerprint.clear();
        alertsById.clear();
        incidents.clear();
        alertsOfIncident.clear();
        timers.clear();
        labelPool.clear();
        grouping = policy.grouping().defaultPolicy().newGrouper(); // learned statistics start empty (for now)
        lessons.restore(state.lessons()); // what people taught is kept
        grouping.learnFrom(lessons);
        silences.clear();
        silencedAlerts.clear();
        holding.clear();
        flaps.clear();
        integrationNames.clear();
        integrationNames.putAll(state.integrationNames());
        lastIncidentId = state.lastIncidentId();
        lastAlertId = state.lastAlertId();
        lastSilenceId = state.lastSilenceId();
        notifier.restore(state.incidents());
        journal.restore(state.incidents());
        for (Incident i : state.incidents()) {
            i.setLabels(labelPool.share(i.labels()));
            incidents.put(i.id(), i);
            alertsOfIncident.put(i.id(), new ArrayList<>());
            scheduleIncidentDeadlines(i);
        }
        for (Alert a : state.alerts()) {
            List<Alert> list = alertsOfIncident.get(a.incidentId());
            if (list == null) {
                continue; // its incident is closed: history only
            }
            a.shareLabels(labelPool);
            list.add(a);
            alertsById.put(a.id(), a);
            alertsByFingerprint.merge(a.fingerprint(), a, (old, neu) -> neu.id() > old.id() ? neu : old);
            scheduleExpiry(a);
            offerToGrouping(a);
            if (a.isFlapping()) {
                restoreFlapping(a);
            }
        }
        restoreSilences(state);
        restoreSlaAndHeartbeats(state);
    }

    /** Whether the incident is in the working set; if not, the caller may {@link #admit} it from storage. */
    public boolean holds(long incidentId) {
        return incidents.containsKey(incidentId);
    }

    /**
     * Takes a closed incident loaded from storage into the working set, so that people can comment on it or reopen
     * it. Its alerts stay history: new signals for their fingerprints open new incidents.
     */
    public void admit(Incident closed) {
        if (closed.id() > lastIncidentId) {
            throw new IllegalArgumentException("incident #" + closed.id() + " was never created by this engine");
        }
        incidents.putIfAbsent(closed.id(), closed);
        alertsOfIncident.putIfAbsent(closed.id(), new ArrayList<>());
    }

    public Outcome apply(Command command, Instant now, Changes out) {
        Objects.requireNonNull(now, "now");
        if (command instanceof Command.Ingest || command instanceof Command.Tick) {
            placeLasting(now, out);
        }
        return switch (command) {
            case Command.Ingest in -> switch (in.signal()) {
                case Signal.Firing f -> fire(f, now, out);
                case Signal.Resolved r -> resolve(r, now, out);
                case Signal.Acknowledged a -> acknowledge(a, now, out);
            };
            case Command.Act act -> act(act, now, out);
            case Command.Tick t -> tick(now, out);
            case Command.UseRules u -> useRules(u.rules(), now, out);
            case Command.CreateSilence c -> createSilence(c, now, out);
            case Command.ExpireSilence e -> expireSilence(e, now, out);
            case Command.WatchHeartbeat w -> watchHeartbeat(w, now, out);
            case Command.Ping p -> ping(p, now, out);
        };
    }

    /** When the next timer falls due, or null: lets the runtime sleep exactly until then. */
    public Instant nextDue() {
        return timers.nextDue();
    }

    public Collection<Incident> incidents() {
        return Collections.unmodifiableCollection(incidents.values());
    }

    public List<Alert> alertsOf(long incidentId) {
        return Collections.unmodifiableList(alertsOfIncident.getOrDefault(incidentId, List.of()));
    }

    public int alertCount() {
        return alertsById.size();
    }

    /**
     * Swaps the rules between two commands. Open incidents keep their route (people may already act on it); every
     * deadline is derived again, because close-after and expiry durations may have changed.
     */
    private Outcome useRules(Rules next, Instant now, Changes out) {
        setRules(next);
        timers.clear();
        for (Incident i : incidents.values()) {
            scheduleIncidentDeadlines(i);
        }
        for (Alert a : alertsById.values()) {
            scheduleExpiry(a);
        }
        for (Silence s : silences.all()) {
            timers.schedule(s.endsAt(), Timers.Kind.SILENCE_END, s.id());
        }
        slaClocks.timersCleared();
        for (Incident i : incidents.values()) {
            observeSla(i, now, out); // SLA policies may have changed: due times follow
        }
        heartbeats.all().forEach(h -> timers.schedule(h.dueAt(), Timers.Kind.HEARTBEAT, h.integrationId()));
        recheckSilenced(a -> true, now, out); // a silence taken out of the file ends now
        recheckInhibited(now, out); // so does an inhibit rule
        for (long id : holding.ids()) { // a hold may be longer, shorter, or gone
            recheckPending(alertsById.get(id), now, out);
        }
        for (Alert a : alertsById.values()) {
            if (a.isFlapping()) {
                timers.schedule(now, Timers.Kind.FLAP_CHECK, a.id());
            }
        }
        return new Outcome.RulesChanged();
    }

    // ---- signals -------------------------------------------------------------------------------------------

    private Outcome fire(Signal.Firing f, Instant now, Changes out) {
        Alert a = alertsByFingerprint.get(f.fingerprint());
        if (a == null) {
            return openUnlessSilenced(f, now, out);
        }
        if (a.isSilenced()) {
            return repeatSilenced(a, f, now, out);
        }
        if (a.isPending()) {
            return repeatPending(a, f, now, out);
        }
        Incident incident = incidents.get(a.incidentId());
        AlertDescription d = f.description();
        if (a.isFiring()) {
            boolean described = a.seen(now, d);
            boolean severity = changeSeverity(a, incident, d.severity(), now, out);
            if (described) {
                out.annotations(a, d.annotations());
            }
            if (described || severity) {
                out.alert(a);
            } else {
                out.alertSeen(a); // the common repeat: only its counter and last-seen time move
            }
            if (!a.isInhibited()) { // an inhibited alert is no member of its incident: grouping does not move it
                joinIfPersistent(a, incident, now, out);
            }
            return new Outcome.Ingested(SignalEffect.REPEATED, a.incidentId(), a.id());
        }
        if (isStale(a, f)) {
            a.seen(now, null);
            out.alertSeen(a);
            return new Outcome.Ingested(SignalEffect.STALE, incident.id(), a.id());
        }
        // A flapping alert keeps its incident: it fires again there instead of being placed anew each time
        boolean flapping = !a.isInhibited() && flaps.changed(a.fingerprint(), now, rules.flapping());
        boolean anew = a.isInhibited() || grouping.placesAnew(a.id(), now)
                || incident.status() == IncidentStatus.RESOLVED
                && now.isAfter(incident.resolvedAt().plus(policy.reopenWindow()));
        if (anew && !flapping) {
            return openUnlessSilenced(f, now, out);
        }
        if (a.seen(now, d)) {
            out.annotations(a, d.annotations());
        }
        a.fireAgain(f.startsAt() == null ? now : f.startsAt());
        out.alert(a);
        scheduleExpiry(a);
        record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.ALERT_FIRED_AGAIN,
                a.displayName() + " fired again (episode " + a.episode() + ")", a.id());
        changeSeverity(a, incident, d.severity(), now, out);
        if (incident.status() == IncidentStatus.RESOLVED) {
            incident.setResolvedAt(null);
            incident.setStatus(IncidentStatus.TRIGGERED);
            record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.REOPENED,
                    "reopened: " + a.displayName() + " fired again within " + Durations.format(policy.reopenWindow())
                            + " of resolving", a.id());
        }
        if (flapping) {
            keptFlapping(a, incident, anew, now, out);
        }
        return new Outcome.Ingested(SignalEffect.FIRED_AGAIN, incident.id(), a.id());
    }

    /**
     * A firing signal whose start is not later than the episode that already ended tells nothing new: it is a late
     * retry or an HA twin of a notification sent before the resolve. An episode that ended by expiry is different:
     * the alert was only silent, so a send of the same episode means it is still firing.
     */
    private static boolean isStale(Alert a, Signal.Firing f) {
        return f.startsAt() != null && a.startsAt() != null && !f.startsAt().isAfter(a.startsAt())
                && !Alert.EXPIRED.equals(a.resolution());
    }

    private Outcome openIncident(Signal.Firing f, Instant now, Changes out) {
        // the alert, its incident and the grouper keep the labels: the pooled strings, not the request's copies
        AlertDescription d = f.description().withLabels(labelPool.share(f.description().labels()));
        Newcomer newcomer = newcomer(lastAlertId + 1, f.source(), d.labels(), d.title(), now);
        GroupingDecision placed = grouping.place(newcomer, now, acceptsAlerts);
        if (placed instanceof GroupingDecision.Join join) {
            return joinIncident(join, newcomer, f, d, now, out);
        }
        long incidentId = ++lastIncidentId;
        Alert a = Alert.open(++lastAlertId, incidentId, f.source(), f.integrationId(), f.fingerprint(), d,
                f.startsAt(), now);
        RoutingDecision decision = routing.decide(
                new AlertFields(a.labels(), f.source().wireName(), f.integrationName()), d.severity());
        Priority priority = decision.priority();
        Incident incident = Incident.open(incidentId, d.title(), priority, decision.queue(), a.labels(),
                decision.routing(), now);
        incidents.put(incidentId, incident);
        List<Alert> list = new ArrayList<>(1); // most incidents keep one alert; the list grows when one joins
        list.add(a);
        alertsOfIncident.put(incidentId, list);
        alertsById.put(a.id(), a);
        alertsByFingerprint.put(a.fingerprint(), a);
        scheduleExpiry(a);
        out.alert(a);
        out.annotations(a, d.annotations());
        out.incident(incident);
        GroupingDecision.Open alone = (GroupingDecision.Open) placed;
        // Why it stands alone belongs to its opening: one entry, not two (every new alert writes it)
        record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.OPENED,
                "opened by " + a.displayName() + severityNote(d.severity(), policy.priorities()
                        .priorityOf(d.severity())) + (alone.reason().isEmpty() ? "" : "; " + alone.reason()), a.id());
        if (!rules.routes().isEmpty()) { // without routes, the line above says all there is
            record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.ROUTED, decision.summary(), a.id());
        }
        grouping.opened(incidentId, newcomer, alone);
        return new Outcome.Ingested(SignalEffect.OPENED, incidentId, a.id());
    }

    // ---- grouping ------------------------------------------------------------------------------------------

    private static Newcomer newcomer(long alertId, dev.sift.core.alert.Source source, Map<String, String> labels,
                                     String title, Instant since) {
        return new Newcomer(alertId, labels.getOrDefault("alertname", title), labels, title, since, source.resends());
    }

    /** A new alert episode joins an open incident, as grouping decided. */
    private Outcome joinIncident(GroupingDecision.Join join, Newcomer newcomer, Signal.Firing f, AlertDescription d,
                                 Instant now, Changes out) {
        Incident incident = incidents.get(join.incidentId());
        Alert a = Alert.open(++lastAlertId, incident.id(), f.source(), f.integrationId(), f.fingerprint(), d,
                f.startsAt(), now);
        alertsOfIncident.get(incident.id()).add(a);
        alertsById.put(a.id(), a);
        alertsByFingerprint.put(a.fingerprint(), a);
        scheduleExpiry(a);
        out.alert(a);
        out.annotations(a, d.annotations());
        record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.GROUPED,
                a.displayName() + " joined: " + join.reason() + afterJoining(incident, a), a.id());
        grouping.joined(incident.id(), newcomer);
        return new Outcome.Ingested(SignalEffect.JOINED, incident.id(), a.id());
    }

    /**
     * An alert that waited alone in its incident was sent again: it persists, and grouping may now move it, with
     * its incident, into a related one. An incident a person has acted on stays as it is.
     */
    private void joinIfPersistent(Alert a, Incident own, Instant now, Changes out) {
        moveIfJoined(a, own, grouping.sentAgain(a.id(), now, targetsFrom(own)), now, out);
    }

    /** Alerts that waited alone and fired long enough without being sent again persist too: grouping places them. */
    private void placeLasting(Instant now, Changes out) {
        for (long id : grouping.lasting(now)) {
            Alert a = alertsById.get(id);
            Incident own = a == null ? null : incidents.get(a.incidentId());
            boolean movable = own != null && a.isFiring() && !a.isInhibited();
            Optional<GroupingDecision.Join> join = grouping.persists(id, now, movable ? targetsFrom(own) : x -> false);
            if (movable) {
                moveIfJoined(a, own, join, now, out);
            }
        }
    }

    /**
     * Where an incident may be merged into, as grouping decides: nowhere if a person acted on it, if it is no longer
     * open, or if it is a storm of more than {@value #MOVABLE_ALERTS} alerts (a problem that big stands on its own,
     * and moving it in one batch would hold up the writer).
     */
    private LongPredicate targetsFrom(Incident own) {
        return own.humanInvolved() || !own.status().isOpen()
                || alertsOfIncident.getOrDefault(own.id(), List.of()).size() > MOVABLE_ALERTS ? id -> false
                : acceptsAlerts;
    }

    private void moveIfJoined(Alert a, Incident own, Optional<GroupingDecision.Join> join, Instant now,
                              Changes out) {
        if (join.isEmpty()) {
            return;
        }
        Incident target = incidents.get(join.get().incidentId());
        List<Alert> moving = alertsOfIncident.remove(own.id());
        Priority before = target.priority();
        for (Alert m : moving) {
            m.moveTo(target.id());
            alertsOfIncident.get(target.id()).add(m);
            out.alert(m);
            afterJoining(target, m); // one by one: no pass over the target's own alerts
        }
        String note = target.priority() == before ? "" : "; priority " + before + " → " + target.priority();
        String reason = join.get().reason();
        record(out, target, now, TimelineEntry.SYSTEM, TimelineKind.GROUPED,
                a.displayName() + " joined from #" + own.id() + ", which it opened: " + reason + note, a.id());
        own.setStatus(IncidentStatus.CLOSED);
        own.setClosedAt(now);
        own.setSnoozedUntil(null);
        own.setMergedInto(target.id());
        record(out, own, now, TimelineEntry.SYSTEM, TimelineKind.MERGED,
                "merged into #" + target.id() + ": " + a.displayName() + " " + reason, a.id());
        incidents.remove(own.id());
        grouping.merged(own.id(), target.id());
        grouping.closed(own.id());
    }

    /**
     * Common labels and derived priority follow the alerts an incident holds, one joining alert at a time: the
     * common labels can only shrink to what the newcomer shares, and the derived priority only rise to the
     * newcomer's. Returns a note on what changed. A storm joins
     * thousands of alerts to one incident; a full pass per join would make it quadratic.
     */
    String afterJoining(Incident incident, Alert joined) {
        if (joined.isInhibited()) {
            return "";
        }
        Map<String, String> common = incident.labels();
        if (!joined.labels().entrySet().containsAll(common.entrySet())) {
            Map<String, String> shared = new HashMap<>(common);
            shared.entrySet().removeIf(e -> !e.getValue().equals(joined.labels().get(e.getKey())));
            incident.setLabels(shared);
        }
        Priority before = incident.priority();
        if (!incident.priorityOverridden()) {
            Priority own = RoutingPolicy.priorityOf(incident.routing(), policy.priorities().priorityOf(joined.severity()));
            if (own.moreUrgentThan(before)) {
                incident.setPriority(own);
            }
        }
        return incident.priority() == before ? "" : "; priority " + before + " → " + incident.priority();
    }


    private Outcome resolve(Signal.Resolved r, Instant now, Changes out) {
        Alert a = alertsByFingerprint.get(r.fingerprint());
        if (a == null) {
            return new Outcome.Ingested(SignalEffect.UNKNOWN_ALERT, 0, 0);
        }
        if (a.isSilenced()) {
            return resolveSilenced(a, r, now, out);
        }
        if (a.isPending()) {
            return autoClear(a, r, now, out);
        }
        Incident incident = incidents.get(a.incidentId());
        if (!a.isFiring()) {
            return new Outcome.Ingested(SignalEffect.ALREADY_RESOLVED, incident.id(), a.id());
        }
        a.resolve(r.endsAt() == null ? now : r.endsAt(), Alert.RESOLVED_BY_SOURCE);
        grouping.episodeEnded(a.id(), now);
        out.alert(a);
        record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.ALERT_RESOLVED,
                a.displayName() + (a.isInhibited() ? " (inhibited) resolved" : " resolved"), a.id());
        if (!a.isInhibited() && flaps.changed(a.fingerprint(), now, rules.flapping())) {
            keptFlapping(a, incident, false, now, out);
        }
        releaseInhibitedBy(a, a.displayName() + " resolved", now, out);
        afterAlertResolved(incident, now, out);
        return new Outcome.Ingested(SignalEffect.RESOLVED, incident.id(), a.id());
    }

    private Outcome acknowledge(Signal.Acknowledged s, Instant now, Changes out) {
        Alert a = alertsByFingerprint.get(s.fingerprint());
        if (a == null) {
            return new Outcome.Ingested(SignalEffect.UNKNOWN_ALERT, 0, 0);
        }
        if (a.isSilenced() || a.isPending()) {
            return new Outcome.Ingested(SignalEffect.ACKNOWLEDGED, 0, a.id()); // no incident to acknowledge
        }
        if (a.isInhibited()) { // the incident is the inhibiting alert's: acknowledging that is for its own source
            return new Outcome.Ingested(SignalEffect.ACKNOWLEDGED, a.incidentId(), a.id());
        }
        Incident incident = incidents.get(a.incidentId());
        if (incident.status() == IncidentStatus.TRIGGERED) {
            incident.setStatus(IncidentStatus.ACKNOWLEDGED);
            if (incident.acknowledgedAt() == null) {
                incident.setAcknowledgedAt(now);
            }
            record(out, incident, now, s.actor(), TimelineKind.ACKNOWLEDGED,
                    "acknowledged by the source (" + a.displayName() + ")", a.id());
        }
        return new Outcome.Ingested(SignalEffect.ACKNOWLEDGED, incident.id(), a.id());
    }

    /** The automation rule for recoveries: resolve what nobody took; leave a note on what a person holds. */
    void afterAlertResolved(Incident incident, Instant now, Changes out) {
        if (!incident.status().isOpen() || alertsOf(incident.id()).stream().anyMatch(Alert::isFiring)) {
            return;
        }
        if (incident.humanInvolved()) {
            String owner = incident.assignee() == null ? "the people who acted on it" : incident.assignee();
            record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.ALL_ALERTS_RECOVERED,
                    "all alerts recovered; the incident stays with " + owner
                            + " because a person acknowledged or was assigned", 0);
        } else if (!policy.autoResolve()) {
            record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.ALL_ALERTS_RECOVERED,
                    "all alerts recovered; automatic resolve is off", 0);
        } else {
            resolveIncident(incident, TimelineEntry.SYSTEM, "all alerts resolved", now, out);
        }
    }

    /** @return whether the severity changed */
    private boolean changeSeverity(Alert a, Incident incident, String severity, Instant now, Changes out) {
        if (severity == null || severity.equals(a.severity())) {
            return false;
        }
        String before = a.severity();
        a.changeSeverity(severity);
        Priority old = incident.priority();
        String note = "";
        if (!incident.priorityOverridden()) {
            Priority derived = derivedPriority(incident);
            if (derived != old) {
                incident.setPriority(derived);
                note = "; priority " + old + " → " + derived;
            }
        }
        String change = before == null ? " severity set to " + severity : " severity " + before + " → " + severity;
        record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.SEVERITY_CHANGED,
                a.displayName() + change + note, a.id());
        return true;
    }

    Priority derivedPriority(Incident incident) {
        Priority best = Priority.P5;
        for (Alert a : alertsOf(incident.id())) {
            if (a.isInhibited()) {
                continue; // a related alert does not make the incident more urgent
            }
            Priority p = policy.priorities().priorityOf(a.severity());
            if (p.moreUrgentThan(best)) {
                best = p;
            }
        }
        return RoutingPolicy.priorityOf(incident.routing(), best);
    }

    // ---- people --------------------------------------------------------------------------------------------

    private Outcome act(Command.Act c, Instant now, Changes out) {
        Incident incident = incidents.get(c.incidentId());
        if (incident == null) {
            return new Outcome.Rejected(Reason.NOT_FOUND, "no incident #" + c.incidentId());
        }
        if (c.action() instanceof Action.Merge || c.action() instanceof Action.Move) {
            Outcome done = corrections.apply(incident, c, now, out);
            if (incident.status() == IncidentStatus.CLOSED && incidents.get(incident.id()) == incident) {
                forget(incident); // a closed incident admitted for the request leaves memory again
            }
            return done;
        }
        var refusal = Workflow.refusal(incident, c.action(), now);
        if (refusal.isPresent()) {
            Reason reason = c.action() instanceof Action.Comment || c.action() instanceof Action.Snooze
                    && incident.status().isOpen() ? Reason.INVALID : Reason.CONFLICT;
            return new Outcome.Rejected(reason, refusal.get());
        }
        String actor = c.actor();
        switch (c.action()) {
            case Action.Acknowledge ack -> {
                String before = incident.assignee();
                incident.setStatus(IncidentStatus.ACKNOWLEDGED);
                incident.setAssignee(actor);
                incident.setSnoozedUntil(null);
                if (incident.acknowledgedAt() == null) {
                    incident.setAcknowledgedAt(now);
                }
                String taken = before != null && !before.equals(actor) ? " (taken over from " + before + ")" : "";
                record(out, incident, now, actor, TimelineKind.ACKNOWLEDGED, "acknowledged by " + actor + taken, 0);
            }
            case Action.Assign as -> {
                incident.setAssignee(as.assignee());
                record(out, incident, now, actor, TimelineKind.ASSIGNED,
                        "assigned to " + as.assignee() + " by " + actor, 0);
            }
            case Action.Snooze z -> {
                incident.setStatus(IncidentStatus.SNOOZED);
                incident.setSnoozedUntil(z.until());
                timers.schedule(z.until(), Timers.Kind.SNOOZE_END, incident.id());
                record(out, incident, now, actor, TimelineKind.SNOOZED,
                        "snoozed by " + actor + " until " + z.until().truncatedTo(ChronoUnit.SECONDS) + " ("
                                + Durations.format(Duration.between(now, z.until())) + ")", 0);
            }
            case Action.Resolve r -> resolveIncident(incident, actor, withReason("resolved by " + actor, r.reason()),
                    now, out);
            case Action.Close cl -> closeIncident(incident, actor, withReason("closed by " + actor, cl.reason()),
                    now, out);
            case Action.Reopen r -> {
                incident.setStatus(IncidentStatus.TRIGGERED);
                incident.setResolvedAt(null);
                incident.setClosedAt(null);
                record(out, incident, now, actor, TimelineKind.REOPENED,
                        withReason("reopened by " + actor, r.reason()), 0);
            }
            case Action.Comment cm -> record(out, incident, now, actor, TimelineKind.COMMENT, cm.text(), 0);
            case Action.Merge m -> throw new AssertionError("handled above");
            case Action.Move m -> throw new AssertionError("handled above");
            case Action.SetPriority p -> {
                Priority before = incident.priority();
                if (p.priority() == null) {
                    incident.clearPriorityOverride();
                    incident.setPriority(derivedPriority(incident));
                } else {
                    incident.overridePriority(p.priority());
                }
                record(out, incident, now, actor, TimelineKind.PRIORITY_CHANGED,
                        "priority " + before + " → " + incident.priority() + " by " + actor
                                + (p.priority() == null ? " (back to the priority derived from severity)" : ""), 0);
            }
        }
        if (incident.status() == IncidentStatus.CLOSED) {
            forget(incident); // a closed incident admitted for a comment leaves memory again
        }
        return new Outcome.Acted(incident.id());
    }

    private void resolveIncident(Incident incident, String actor, String why, Instant now, Changes out) {
        incident.setStatus(IncidentStatus.RESOLVED);
        incident.setResolvedAt(now);
        incident.setSnoozedUntil(null);
        if (!TimelineEntry.SYSTEM.equals(actor)) {
            endFiringAlerts(incident, "resolved by " + actor, now, out);
        }
        timers.schedule(now.plus(policy.closeAfter()), Timers.Kind.AUTO_CLOSE, incident.id());
        record(out, incident, now, actor, TimelineKind.RESOLVED, why, 0);
    }

    private void closeIncident(Incident incident, String actor, String why, Instant now, Changes out) {
        incident.setStatus(IncidentStatus.CLOSED);
        incident.setClosedAt(now);
        incident.setSnoozedUntil(null);
        endFiringAlerts(incident, "closed by " + actor, now, out);
        record(out, incident, now, actor, TimelineKind.CLOSED, why, 0);
        forget(incident);
    }

    /** Closed incidents and their alerts leave the working set; storage keeps them as history. */
    void forget(Incident incident) {
        for (Alert a : alertsOfIncident.getOrDefault(incident.id(), List.of())) {
            alertsById.remove(a.id());
            alertsByFingerprint.remove(a.fingerprint(), a);
        }
        alertsOfIncident.remove(incident.id());
        incidents.remove(incident.id());
        grouping.closed(incident.id());
    }

    /** A person ending an incident ends the episodes of its alerts too; the source may start new ones. */
    private void endFiringAlerts(Incident incident, String why, Instant now, Changes out) {
        for (Alert a : alertsOf(incident.id())) {
            if (a.isFiring()) {
                a.resolve(now, why);
                grouping.episodeEnded(a.id(), now);
                out.alert(a);
            }
        }
    }

    // ---- time ----------------------------------------------------------------------------------------------

    private Outcome tick(Instant now, Changes out) {
        int changed = 0;
        for (Timers.Timer t = timers.pollDue(now); t != null; t = timers.pollDue(now)) {
            if (fireTimer(t, now, out)) {
                changed++;
            }
        }
        return new Outcome.Ticked(changed);
    }

    private boolean fireTimer(Timers.Timer t, Instant now, Changes out) {
        switch (t.kind()) {
            case SNOOZE_END -> {
                Incident i = incidents.get(t.targetId());
                if (i == null || i.status() != IncidentStatus.SNOOZED || i.snoozedUntil() == null
                        || i.snoozedUntil().isAfter(now)) {
                    return false;
                }
                i.setStatus(IncidentStatus.TRIGGERED);
                i.setSnoozedUntil(null);
                record(out, i, now, TimelineEntry.SYSTEM, TimelineKind.SNOOZE_ENDED,
                        "snooze ended; back to " + i.status().wireName(), 0);
                return true;
            }
            case AUTO_CLOSE -> {
                Incident i = incidents.get(t.targetId());
                if (i == null || i.status() != IncidentStatus.RESOLVED
                        || i.resolvedAt().plus(policy.closeAfter()).isAfter(now)) {
                    return false;
                }
                closeIncident(i, TimelineEntry.SYSTEM,
                        "closed after " + Durations.format(policy.closeAfter()) + " resolved without recurrence", now, out);
                return true;
            }
            case EXPIRY -> {
                Alert a = alertsById.get(t.targetId());
                Duration expiry = a == null ? null : expiryOf(a);
                if (a == null || !a.isFiring() || expiry == null) {
                    return false;
                }
                Instant due = a.lastSeen().plus(expiry);
                if (due.isAfter(now)) {
                    timers.schedule(due, Timers.Kind.EXPIRY, a.id());
                    return false;
                }
                if (a.isPending()) {
                    expirePending(a, expiry, now, out);
                    return true;
                }
                a.resolve(now, Alert.EXPIRED);
                grouping.episodeEnded(a.id(), now);
                out.alert(a);
                if (a.isSilenced()) {
                    forgetSilenced(a);
                    return true;
                }
                Incident i = incidents.get(a.incidentId());
                record(out, i, now, TimelineEntry.SYSTEM, TimelineKind.ALERT_EXPIRED,
                        a.displayName() + " expired: not sent again for " + Durations.format(expiry) + " (last seen "
                                + a.lastSeen() + ")", a.id());
                releaseInhibitedBy(a, a.displayName() + " expired", now, out);
                afterAlertResolved(i, now, out);
                return true;
            }
            case SILENCE_CHECK -> {
                Alert a = alertsById.get(t.targetId());
                return a != null && a.isSilenced() && recheck(a, now, out);
            }
            case SILENCE_END -> {
                silences.get(t.targetId()).filter(s -> !s.endsAt().isAfter(now))
                        .ifPresent(s -> silences.remove(s.id())); // its alerts have timers of their own
                return false;
            }
            case HOLD_END -> {
                Alert a = alertsById.get(t.targetId());
                return a != null && a.isPending() && recheckPending(a, now, out) != null;
            }
            case FLAP_CHECK -> {
                Alert a = alertsById.get(t.targetId());
                return a != null && a.isFlapping() && flapCheck(a, now, out);
            }
            case SLA_DUE -> {
                Incident i = incidents.get(t.targetId());
                return i != null && slaDue(i, now, out);
            }
            case HEARTBEAT -> {
                return heartbeatDue(t.targetId(), now, out);
            }
        }
        return false;
    }

    private Duration expiryOf(Alert a) {
        return a.source().resends() ? policy.resendingExpiry() : policy.eventExpiry();
    }

    private void scheduleExpiry(Alert a) {
        Duration expiry = expiryOf(a);
        if (expiry != null && a.isFiring()) {
            timers.schedule(a.lastSeen().plus(expiry), Timers.Kind.EXPIRY, a.id());
        }
    }

    private void scheduleIncidentDeadlines(Incident i) {
        if (i.status() == IncidentStatus.SNOOZED && i.snoozedUntil() != null) {
            timers.schedule(i.snoozedUntil(), Timers.Kind.SNOOZE_END, i.id());
        }
        if (i.status() == IncidentStatus.RESOLVED && i.resolvedAt() != null) {
            timers.schedule(i.resolvedAt().plus(policy.closeAfter()), Timers.Kind.AUTO_CLOSE, i.id());
        }
    }

    // ---- silences: a decision made before an incident is opened -------------------------------------------

    /**
     * A firing alert that would open an incident asks the silences first. Alerts already in an incident are not
     * affected: people already see that incident, and its recovery must reach it.
     */
    private Outcome openUnlessSilenced(Signal.Firing f, Instant now, Changes out) {
        if (f.integrationName() != null && f.integrationId() != 0) {
            integrationNames.putIfAbsent(f.integrationId(), f.integrationName());
        }
        boolean silencing = !silences.all().isEmpty() || !rules.silencing().isEmpty();
        if (!silencing && rules.inhibition().isEmpty() && rules.transients().isEmpty()) {
            return openIncident(f, now, out); // the common case costs nothing
        }
        AlertFields fields = new AlertFields(f.description().labels(), f.source().wireName(), f.integrationName());
        TransientRule hold = rules.transients().ruleFor(fields); // the hold comes first: is it real at all?
        if (hold != null) {
            return recordPending(f, fields, hold, now, out);
        }
        if (silencing && silences.decide(fields, now, rules.silencing()) instanceof MuteDecision.Muted m) {
            return recordSilenced(f, fields, m, now, out);
        }
        if (inhibition(fields, 0) instanceof InhibitDecision.Inhibited i) {
            return recordInhibited(f, i, now, out);
        }
        return openIncident(f, now, out);
    }

    /** The alert is stored and counted, in no incident, with what silences it and why; nobody is notified. */
    private Outcome recordSilenced(Signal.Firing f, AlertFields fields, MuteDecision.Muted m, Instant now,
                                   Changes out) {
        AlertDescription d = f.description();
        Alert a = Alert.open(++lastAlertId, 0, f.source(), f.integrationId(), f.fingerprint(), d, f.startsAt(), now);
        a.shareLabels(labelPool);
        a.silence(m.by(), m.reason());
        alertsById.put(a.id(), a);
        alertsByFingerprint.put(a.fingerprint(), a);
        silencedAlerts.put(a.id(), fields);
        scheduleExpiry(a);
        timers.schedule(m.until(), Timers.Kind.SILENCE_CHECK, a.id());
        out.alert(a);
        out.annotations(a, d.annotations());
        return new Outcome.Ingested(SignalEffect.SILENCED, 0, a.id());
    }

    private Outcome repeatSilenced(Alert a, Signal.Firing f, Instant now, Changes out) {
        AlertDescription d = f.description();
        boolean described = a.seen(now, d);
        boolean severity = d.severity() != null && !d.severity().equals(a.severity());
        if (severity) {
            a.changeSeverity(d.severity()); // no incident yet: its priority is derived when it opens
        }
        if (described) {
            out.annotations(a, d.annotations());
        }
        if (described || severity) {
            out.alert(a);
        } else {
            out.alertSeen(a);
        }
        return new Outcome.Ingested(SignalEffect.REPEATED, 0, a.id());
    }

    /** Recoveries are always processed: a silenced alert that recovers ends, and never opens an incident. */
    private Outcome resolveSilenced(Alert a, Signal.Resolved r, Instant now, Changes out) {
        a.resolve(r.endsAt() == null ? now : r.endsAt(), Alert.RESOLVED_BY_SOURCE);
        out.alert(a);
        forgetSilenced(a);
        return new Outcome.Ingested(SignalEffect.RESOLVED, 0, a.id());
    }

    /** A resolved silenced alert stays in storage as history (with what silenced it) and leaves memory. */
    private void forgetSilenced(Alert a) {
        silencedAlerts.remove(a.id());
        alertsById.remove(a.id());
        alertsByFingerprint.remove(a.fingerprint(), a);
    }

    private Outcome createSilence(Command.CreateSilence c, Instant now, Changes out) {
        Instant start = c.startsAt() == null ? now : c.startsAt();
        if (!c.endsAt().isAfter(now) || !c.endsAt().isAfter(start)) {
            return new Outcome.Rejected(Reason.INVALID, "endsAt " + c.endsAt() + " must be after "
                    + (c.endsAt().isAfter(now) ? "startsAt " + start : "now (" + now + ")"));
        }
        Silence s = new Silence(++lastSilenceId, null, c.matchers(), start, c.endsAt(), c.author(), c.comment(), now);
        silences.put(s);
        timers.schedule(s.endsAt(), Timers.Kind.SILENCE_END, s.id());
        out.silence(s);
        return new Outcome.SilenceChanged(s);
    }

    private Outcome expireSilence(Command.ExpireSilence e, Instant now, Changes out) {
        Silence s = silences.get(e.silenceId()).filter(x -> x.endsAt().isAfter(now)).orElse(null);
        if (s == null) {
            return new Outcome.Rejected(Reason.NOT_FOUND, "no pending or active silence " + e.silenceId());
        }
        Silence ended = s.expiredAt(now);
        silences.remove(s.id());
        out.silence(ended);
        String by = "silence:" + s.id();
        recheckSilenced(a -> by.equals(a.silencedBy()), now, out);
        return new Outcome.SilenceChanged(ended);
    }

    private void recheckSilenced(java.util.function.Predicate<Alert> which, Instant now, Changes out) {
        List<Alert> due = new ArrayList<>();
        for (long id : silencedAlerts.keySet()) {
            Alert a = alertsById.get(id);
            if (which.test(a)) {
                due.add(a);
            }
        }
        due.sort(java.util.Comparator.comparingLong(Alert::id)); // incidents are numbered in a replayable order
        for (Alert a : due) {
            recheck(a, now, out);
        }
    }

    /**
     * Its silence or window ended (or was expired, or left the rules file): still muted by another one, the alert
     * stays silenced with the new reason; else, since it still fires, it opens its incident now.
     *
     * @return whether anything changed
     */
    private boolean recheck(Alert a, Instant now, Changes out) {
        AlertFields fields = silencedAlerts.get(a.id());
        if (silences.decide(fields, now, rules.silencing()) instanceof MuteDecision.Muted m) {
            timers.schedule(m.until(), Timers.Kind.SILENCE_CHECK, a.id());
            if (m.by().equals(a.silencedBy()) && m.reason().equals(a.silenceReason())) {
                return false;
            }
            a.silence(m.by(), m.reason());
            out.alert(a);
            return true;
        }
        openIncidentAfterSilence(a, fields, now, out);
        return true;
    }

    /**
     * The silence is over and the alert still fires: it opens its incident now, routed as any new alert is. (Kept
     * apart from {@link #openIncident}, which starts from a signal; the alert exists already here.)
     */
    private void openIncidentAfterSilence(Alert a, AlertFields fields, Instant now, Changes out) {
        String was = a.silenceReason();
        silencedAlerts.remove(a.id());
        if (inhibition(fields, a.id()) instanceof InhibitDecision.Inhibited i) {
            attachInhibited(a, i, " when its silence ended (it was " + was + ")", now, out);
            return;
        }
        openIncidentFor(a, fields, " when its silence ended: it still fires (first seen "
                + a.firstSeen().truncatedTo(ChronoUnit.SECONDS) + ", " + a.count() + " signal"
                + (a.count() == 1 ? "" : "s") + " while " + was + ")", now, out);
    }

    /**
     * An alert that exists already, in no incident, opens its own incident now, routed as any new alert is.
     *
     * @param why how the {@code opened} entry goes on after "opened by X (severity …)"
     * @return the new incident's id
     */
    long openIncidentFor(Alert a, AlertFields fields, String why, Instant now, Changes out) {
        return openIncidentFor(a, fields, why, null, now, out);
    }

    /**
     * @param placed what grouping decided for an alert placed as a newcomer (one let through after its transient
     *     hold); null for one a silence or inhibition kept waiting, which only offers itself to later alerts
     */
    private long openIncidentFor(Alert a, AlertFields fields, String why, Placed placed, Instant now, Changes out) {
        long incidentId = ++lastIncidentId;
        a.joinIncident(incidentId);
        RoutingDecision decision = routing.decide(fields, a.severity());
        Incident incident = Incident.open(incidentId, a.title(), decision.priority(), decision.queue(), a.labels(),
                decision.routing(), now);
        incidents.put(incidentId, incident);
        List<Alert> list = new ArrayList<>(1);
        list.add(a);
        alertsOfIncident.put(incidentId, list);
        out.alert(a);
        out.incident(incident);
        record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.OPENED,
                "opened by " + a.displayName() + severityNote(a.severity(), policy.priorities()
                        .priorityOf(a.severity())) + why, a.id());
        if (!rules.routes().isEmpty()) {
            record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.ROUTED, decision.summary(), a.id());
        }
        if (placed == null) {
            offerToGrouping(a); // later alerts may join it; it does not join others itself (it was held back)
        } else {
            grouping.opened(incidentId, placed.newcomer(), placed.alone());
        }
        return incidentId;
    }

    private void restoreSilences(EngineState state) {
        for (Silence s : state.silences()) {
            silences.put(s);
            timers.schedule(s.endsAt(), Timers.Kind.SILENCE_END, s.id());
        }
        for (Alert a : state.silencedAlerts()) {
            a.shareLabels(labelPool);
            alertsById.put(a.id(), a);
            alertsByFingerprint.merge(a.fingerprint(), a, (old, neu) -> neu.id() > old.id() ? neu : old);
            AlertFields fields = new AlertFields(a.labels(), a.source().wireName(),
                    state.integrationNames().get(a.integrationId()));
            scheduleExpiry(a);
            if (a.isPending()) {
                restorePending(a, fields);
                continue;
            }
            silencedAlerts.put(a.id(), fields);
            // Its silence may have ended while Sift was down: look again at the first tick.
            timers.schedule(Instant.EPOCH, Timers.Kind.SILENCE_CHECK, a.id());
        }
    }

    // ---- inhibition: a decision made before an incident is opened -----------------------------------------

    /**
     * Whether an inhibit rule keeps an alert that would open an incident out of one of its own. The inhibiting
     * alerts are the firing, not inhibited alerts of open incidents; they are looked up only for an alert that some
     * rule targets, by a walk over the alerts held (inhibition is for a few rules over the open incidents of a
     * team, not for a million open alerts).
     */
    private InhibitDecision inhibition(AlertFields fields, long alertId) {
        Inhibition inhibition = rules.inhibition();
        if (inhibition.isEmpty() || !inhibition.mayInhibit(fields)) {
            return InhibitDecision.NOT_INHIBITED;
        }
        List<InhibitCandidate> candidates = new ArrayList<>();
        for (Alert a : alertsById.values()) {
            if (!a.isFiring() || a.isInhibited() || a.incidentId() == 0) {
                continue;
            }
            Incident i = incidents.get(a.incidentId());
            if (i != null && i.status().isOpen()) {
                candidates.add(new InhibitCandidate(a.id(), i.id(), a.displayName(), fieldsOf(a)));
            }
        }
        return inhibition.decide(fields, alertId, candidates);
    }

    AlertFields fieldsOf(Alert a) {
        AlertFields known = a.isPending() ? holding.fields(a.id()) : silencedAlerts.get(a.id());
        return known != null ? known
                : new AlertFields(a.labels(), a.source().wireName(), integrationNames.get(a.integrationId()));
    }

    /** A new inhibited alert: stored and counted as a related alert of the inhibiting incident, not notified. */
    private Outcome recordInhibited(Signal.Firing f, InhibitDecision.Inhibited i, Instant now, Changes out) {
        AlertDescription d = f.description();
        Alert a = Alert.open(++lastAlertId, 0, f.source(), f.integrationId(), f.fingerprint(), d, f.startsAt(), now);
        a.shareLabels(labelPool);
        alertsById.put(a.id(), a);
        alertsByFingerprint.put(a.fingerprint(), a);
        scheduleExpiry(a);
        attachInhibited(a, i, "", now, out);
        out.annotations(a, d.annotations());
        return new Outcome.Ingested(SignalEffect.INHIBITED, i.incidentId(), a.id());
    }

    /** An alert in no incident joins the inhibiting alert's incident as a related alert; its timeline says why. */
    private void attachInhibited(Alert a, InhibitDecision.Inhibited i, String note, Instant now, Changes out) {
        a.inhibit(i.incidentId(), i.sourceAlertId(), i.reason());
        alertsOfIncident.get(i.incidentId()).add(a);
        out.alert(a);
        out.inhibited(a.id(), i.incidentId(), i.rule());
        record(out, incidents.get(i.incidentId()), now, TimelineEntry.SYSTEM, TimelineKind.INHIBITED,
                a.displayName() + " " + i.reason() + note, a.id());
    }

    /**
     * The alert {@code source} stopped firing: the alerts it inhibits that still fire are placed as a new alert
     * would be now (silenced, inhibited by another alert, or in an incident of their own), as Alertmanager notifies
     * an inhibited alert once its source resolved. Both incidents' timelines say so.
     */
    private void releaseInhibitedBy(Alert source, String why, Instant now, Changes out) {
        List<Alert> held = alertsOfIncident.get(source.incidentId());
        if (held == null || source.isInhibited() || held.size() == 1) {
            return;
        }
        List<Alert> released = new ArrayList<>();
        for (Alert x : held) {
            if (x.isFiring() && x.inhibitedBy() == source.id()) {
                released.add(x);
            }
        }
        for (Alert x : released) {
            release(x, why + " in #" + source.incidentId(), now, out);
        }
    }

    private void release(Alert a, String why, Instant now, Changes out) {
        Incident from = incidents.get(a.incidentId());
        alertsOfIncident.get(from.id()).remove(a);
        String was = a.inhibitReason();
        a.leaveInhibition();
        AlertFields fields = fieldsOf(a);
        String next;
        boolean silencing = !silences.all().isEmpty() || !rules.silencing().isEmpty();
        if (silencing && silences.decide(fields, now, rules.silencing()) instanceof MuteDecision.Muted m) {
            a.silence(m.by(), m.reason());
            silencedAlerts.put(a.id(), fields);
            timers.schedule(m.until(), Timers.Kind.SILENCE_CHECK, a.id());
            out.alert(a);
            next = "; it is " + m.reason();
        } else if (inhibition(fields, a.id()) instanceof InhibitDecision.Inhibited i) {
            attachInhibited(a, i, " (" + why + ")", now, out);
            next = "; now " + i.reason();
        } else {
            long opened = openIncidentFor(a, fields, " when its inhibition ended: " + why + " while it still fires"
                    + " (first seen " + a.firstSeen().truncatedTo(ChronoUnit.SECONDS) + ", " + a.count() + " signal"
                    + (a.count() == 1 ? "" : "s") + " while " + was + ")", now, out);
            next = "; it opened #" + opened;
        }
        record(out, from, now, TimelineEntry.SYSTEM, TimelineKind.INHIBITED,
                a.displayName() + " is no longer inhibited: " + why + next, a.id());
    }

    /** After a reload: an alert that no rule inhibits any more is placed anew. */
    private void recheckInhibited(Instant now, Changes out) {
        List<Alert> due = new ArrayList<>();
        for (Alert a : alertsById.values()) {
            if (a.isFiring() && a.isInhibited()
                    && inhibition(fieldsOf(a), a.id()) instanceof InhibitDecision.NotInhibited) {
                due.add(a);
            }
        }
        due.sort(java.util.Comparator.comparingLong(Alert::id));
        for (Alert a : due) {
            release(a, "the rules changed and no inhibit rule holds it back", now, out);
        }
    }

    // ---- transients: held back before an incident is opened -----------------------------------------------

    /** What grouping decided for a held alert that opens an incident of its own. */
    private record Placed(Newcomer newcomer, GroupingDecision.Open alone) {}

    /**
     * A new alert that a transient rule matches is stored as pending, in no incident, until its hold ends or it has
     * been seen often enough ({@link #recheckPending}); or it recovers first ({@link #autoClear}).
     */
    private Outcome recordPending(Signal.Firing f, AlertFields fields, TransientRule rule, Instant now, Changes out) {
        AlertDescription d = f.description();
        Alert a = Alert.open(++lastAlertId, 0, f.source(), f.integrationId(), f.fingerprint(), d, f.startsAt(), now);
        a.shareLabels(labelPool);
        int seen = holding.occurred(a.fingerprint(), rule, now);
        a.hold(rule.name(), rule.holdEnds(now), rule.pendingReason(seen));
        alertsById.put(a.id(), a);
        alertsByFingerprint.put(a.fingerprint(), a);
        holding.hold(a.id(), fields);
        scheduleExpiry(a);
        out.alert(a);
        out.annotations(a, d.annotations());
        if (rule.releases(now, seen, now)) { // seen often enough already, in earlier episodes
            return releaseHeld(a, Holding.releaseNote(rule, now, seen, a.count(), now), now, out);
        }
        if (a.heldUntil() != null) {
            timers.schedule(a.heldUntil(), Timers.Kind.HOLD_END, a.id());
        }
        return new Outcome.Ingested(SignalEffect.PENDING, 0, a.id());
    }

    private Outcome repeatPending(Alert a, Signal.Firing f, Instant now, Changes out) {
        AlertDescription d = f.description();
        if (a.seen(now, d)) {
            out.annotations(a, d.annotations());
        }
        if (d.severity() != null && !d.severity().equals(a.severity())) {
            a.changeSeverity(d.severity()); // no incident yet: its priority is derived when it opens
        }
        TransientRule rule = rules.transients().named(a.heldBy());
        if (rule != null && rule.minOccurrences() > 0) {
            int seen = holding.occurred(a.fingerprint(), rule, now);
            a.hold(rule.name(), a.heldUntil(), rule.pendingReason(seen));
        }
        out.alert(a); // pending alerts are few: written in full, with the reason that counts them
        Outcome.Ingested placed = recheckPending(a, now, out);
        return placed != null ? placed : new Outcome.Ingested(SignalEffect.REPEATED, 0, a.id());
    }

    /**
     * Looks at a pending alert under the rules in force: let through when its hold is over or it was seen often
     * enough (or no rule holds it any more), else held on, until the deadline of the rule that matches it now.
     *
     * @return where it went when it was let through, else null
     */
    private Outcome.Ingested recheckPending(Alert a, Instant now, Changes out) {
        AlertFields fields = holding.fields(a.id());
        TransientRule rule = rules.transients().ruleFor(fields);
        Instant since = a.firstSeen();
        if (rule == null) {
            return releaseHeld(a, "held " + Durations.format(Duration.between(since, now)) + " by rule '"
                    + a.heldBy() + "', which no longer holds it (" + a.count() + " signal"
                    + (a.count() == 1 ? "" : "s") + ")", now, out);
        }
        int seen = holding.occurrences(a.fingerprint(), rule, now);
        if (rule.releases(since, seen, now)) {
            return releaseHeld(a, Holding.releaseNote(rule, since, seen, a.count(), now), now, out);
        }
        Instant until = rule.holdEnds(since);
        String reason = rule.pendingReason(seen);
        if (!rule.name().equals(a.heldBy()) || !Objects.equals(until, a.heldUntil())
                || !reason.equals(a.holdReason())) {
            a.hold(rule.name(), until, reason);
            out.alert(a);
        }
        if (until != null) {
            timers.schedule(until, Timers.Kind.HOLD_END, a.id());
        }
        return null;
    }

    /**
     * The hold is over and the alert still fires: it is placed as a new alert is, silenced, inhibited, or in an
     * incident that grouping and routing choose; the timeline says it was held and for how long.
     */
    private Outcome.Ingested releaseHeld(Alert a, String note, Instant now, Changes out) {
        AlertFields fields = holding.fields(a.id());
        holding.release(a.id());
        a.endHold(note);
        out.alert(a);
        boolean silencing = !silences.all().isEmpty() || !rules.silencing().isEmpty();
        if (silencing && silences.decide(fields, now, rules.silencing()) instanceof MuteDecision.Muted m) {
            a.silence(m.by(), m.reason());
            silencedAlerts.put(a.id(), fields);
            timers.schedule(m.until(), Timers.Kind.SILENCE_CHECK, a.id());
            return new Outcome.Ingested(SignalEffect.SILENCED, 0, a.id());
        }
        if (inhibition(fields, a.id()) instanceof InhibitDecision.Inhibited i) {
            attachInhibited(a, i, " (" + note + ")", now, out);
            return new Outcome.Ingested(SignalEffect.INHIBITED, i.incidentId(), a.id());
        }
        Newcomer newcomer = newcomer(a.id(), a.source(), a.labels(), a.title(), a.firstSeen());
        GroupingDecision placed = grouping.place(newcomer, now, acceptsAlerts);
        if (placed instanceof GroupingDecision.Join join) {
            Incident incident = incidents.get(join.incidentId());
            a.joinIncident(incident.id());
            alertsOfIncident.get(incident.id()).add(a);
            record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.GROUPED, a.displayName() + " joined: "
                    + join.reason() + " (" + note + ")" + afterJoining(incident, a), a.id());
            grouping.joined(incident.id(), newcomer);
            return new Outcome.Ingested(SignalEffect.JOINED, incident.id(), a.id());
        }
        GroupingDecision.Open alone = (GroupingDecision.Open) placed;
        long opened = openIncidentFor(a, fields, " after its hold: " + note
                + (alone.reason().isEmpty() ? "" : "; " + alone.reason()), new Placed(newcomer, alone), now, out);
        return new Outcome.Ingested(SignalEffect.OPENED, opened, a.id());
    }

    /** Recoveries are always processed: a pending alert that recovers is auto-cleared and never opens an incident. */
    private Outcome autoClear(Alert a, Signal.Resolved r, Instant now, Changes out) {
        a.resolve(r.endsAt() == null ? now : r.endsAt(), Alert.AUTO_CLEARED);
        a.endHold("auto-cleared: recovered after " + Durations.format(Duration.between(a.firstSeen(), now))
                + " while " + a.holdReason());
        out.alert(a);
        out.autoCleared(a.heldBy());
        forgetPending(a);
        return new Outcome.Ingested(SignalEffect.AUTO_CLEARED, 0, a.id());
    }

    /** Not sent again for the whole expiry while pending: it ends as expired, in no incident. */
    private void expirePending(Alert a, Duration expiry, Instant now, Changes out) {
        a.resolve(now, Alert.EXPIRED);
        a.endHold("expired while " + a.holdReason() + ": not sent again for " + Durations.format(expiry));
        out.alert(a);
        forgetPending(a);
    }

    /** An ended pending alert stays in storage as history (with its rule) and leaves memory. */
    private void forgetPending(Alert a) {
        holding.release(a.id());
        alertsById.remove(a.id());
        alertsByFingerprint.remove(a.fingerprint(), a);
    }

    private void restorePending(Alert a, AlertFields fields) {
        holding.hold(a.id(), fields);
        TransientRule rule = rules.transients().named(a.heldBy());
        if (rule != null) {
            holding.restore(a.fingerprint(), rule, a.count(), a.lastSeen());
        }
        // Its hold may have ended while Sift was down, or the rules changed: look again at the first tick.
        timers.schedule(Instant.EPOCH, Timers.Kind.HOLD_END, a.id());
    }

    // ---- flapping: an alert that keeps changing state keeps its incident -----------------------------------

    /**
     * The alert changed state often enough to flap (see {@code FlapPolicy}): the first time, its timeline says so
     * and the alert is marked, so that notifications can be muted.
     *
     * @param returned it fired again in its incident although it would have been placed anew
     */
    private void keptFlapping(Alert a, Incident incident, boolean returned, Instant now, Changes out) {
        if (returned) {
            offerToGrouping(a); // grouping had let it go; it is a member of this incident again
        }
        if (a.isFlapping()) {
            return;
        }
        a.setFlapping(true);
        out.alert(a);
        notifier.mute(incident.id()); // what the entry below promises
        String window = Durations.format(rules.flapping().window());
        record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.FLAPPING, a.displayName() + " is flapping: "
                + rules.flapping().describe() + " (firing ↔ resolved); it stays in this incident and its"
                + " notifications are muted until it is quiet for " + window, a.id());
        timers.schedule(flaps.quietAt(a.fingerprint(), rules.flapping()), Timers.Kind.FLAP_CHECK, a.id());
    }

    /** @return whether the alert stopped flapping: no change of state for a whole window (or detection is off) */
    private boolean flapCheck(Alert a, Instant now, Changes out) {
        boolean off = rules.flapping().isOff();
        Instant quiet = off ? now : flaps.quietAt(a.fingerprint(), rules.flapping());
        if (quiet.isAfter(now)) {
            timers.schedule(quiet, Timers.Kind.FLAP_CHECK, a.id());
            return false;
        }
        a.setFlapping(false);
        out.alert(a);
        Incident incident = incidents.get(a.incidentId());
        if (incident != null && alertsOf(incident.id()).stream().noneMatch(Alert::isFlapping)) {
            notifier.unmute(incident.id());
        }
        if (incident != null) {
            record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.FLAPPING, a.displayName()
                    + (off ? " no longer counts as flapping: flap detection is off" : " stopped flapping: no state"
                    + " change for " + Durations.format(rules.flapping().window())), a.id());
        }
        return true;
    }

    /** After a restart only the last change of a flapping alert is known: it flaps until quiet for a window. */
    private void restoreFlapping(Alert a) {
        Instant last = a.isFiring() || a.resolvedAt() == null ? a.startsAt() : a.resolvedAt();
        flaps.restore(a.fingerprint(), last == null ? a.lastSeen() : last);
        timers.schedule(Instant.EPOCH, Timers.Kind.FLAP_CHECK, a.id());
        notifier.mute(a.incidentId()); // muting is not stored: the flag it follows is
    }

    /** The API silences that are pending or active, in id order. */
    public Collection<Silence> silences() {
        return silences.all();
    }

    // ---- SLA clocks and heartbeats: the rules live in core/sla and core/heartbeat ---------------------------

    private void observeSla(Incident incident, Instant now, Changes out) {
        IncidentSla changed = slaClocks.observe(incident, now);
        if (changed != null) {
            out.sla(changed);
        }
        Instant due = slaClocks.newDeadline(incident);
        if (due != null) {
            timers.schedule(due, Timers.Kind.SLA_DUE, incident.id());
        }
    }

    /** An SLA clock may have run out: each breach lands on the timeline, raising the priority if asked. */
    private boolean slaDue(Incident incident, Instant now, Changes out) {
        List<Breach> breaches = slaClocks.breaches(incident, now);
        for (Breach b : breaches) {
            Priority before = incident.priority();
            Priority raised = b.policy().raised(before);
            if (raised != before) {
                incident.overridePriority(raised); // kept like a person's choice; "priority auto" derives it again
            }
            record(out, incident, now, TimelineEntry.SYSTEM, TimelineKind.SLA_BREACHED,
                    b.message() + (raised == before ? "" : "; priority " + before + " → " + raised), 0);
            out.slaBreached(incident.id(), b.policy().name(), b.acknowledge());
        }
        if (!breaches.isEmpty()) {
            out.sla(slaClocks.of(incident.id())); // the breach itself (observing it again finds it unchanged)
        }
        observeSla(incident, now, out); // schedules what still runs
        return !breaches.isEmpty();
    }

    private Outcome watchHeartbeat(Command.WatchHeartbeat w, Instant now, Changes out) {
        boolean known = heartbeats.get(w.integrationId()).isPresent();
        Heartbeat h = heartbeats.watch(w.integrationId(), w.name(), w.interval(), w.grace(), now);
        integrationNames.putIfAbsent(h.integrationId(), h.name());
        out.heartbeat(h);
        if (!known) { // one timer per heartbeat: a known one has its timer already
            timers.schedule(h.dueAt(), Timers.Kind.HEARTBEAT, h.integrationId());
        }
        return new Outcome.HeartbeatSeen(h, 0);
    }

    /** The pipeline is alive: the last ping moves (its timer finds that out), a missing-heartbeat alert resolves. */
    private Outcome ping(Command.Ping p, Instant now, Changes out) {
        if (heartbeats.get(p.integrationId()).isEmpty()) {
            watchHeartbeat(new Command.WatchHeartbeat(p.integrationId(), p.name(), p.interval(), p.grace()), now, out);
        }
        Heartbeat h = heartbeats.ping(p.integrationId(), now).orElseThrow();
        out.heartbeat(h);
        Alert missing = alertsByFingerprint.get(h.fingerprint());
        long resolved = 0;
        if (missing != null && missing.isFiring()) {
            resolved = resolve(h.back(now), now, out) instanceof Outcome.Ingested in ? in.incidentId() : 0;
        }
        return new Outcome.HeartbeatSeen(h, resolved);
    }

    /**
     * The heartbeat's timer: if a ping came since, wait for the new due time; else the pipeline is silent and its
     * alert fires (again every interval while it stays silent, so its count says how many were missed).
     */
    private boolean heartbeatDue(long integrationId, Instant now, Changes out) {
        Heartbeat h = heartbeats.get(integrationId).orElse(null);
        if (h == null) {
            return false;
        }
        if (h.dueAt().isAfter(now)) {
            timers.schedule(h.dueAt(), Timers.Kind.HEARTBEAT, integrationId);
            return false;
        }
        timers.schedule(now.plus(h.interval()), Timers.Kind.HEARTBEAT, integrationId);
        fire(h.missing(), now, out);
        return true;
    }

    private void restoreSlaAndHeartbeats(EngineState state) {
        slaClocks.clear();
        heartbeats.clear();
        for (IncidentSla s : state.slas()) {
            if (incidents.containsKey(s.incidentId())) {
                slaClocks.restore(s);
            }
        }
        for (Incident i : incidents.values()) {
            slaClocks.observe(i, i.updatedAt()); // the rules may have changed while Sift was down
            Instant due = slaClocks.newDeadline(i);
            if (due != null) {
                timers.schedule(due, Timers.Kind.SLA_DUE, i.id());
            }
        }
        for (Heartbeat h : state.heartbeats()) {
            heartbeats.restore(h);
            integrationNames.putIfAbsent(h.integrationId(), h.name());
            timers.schedule(h.dueAt(), Timers.Kind.HEARTBEAT, h.integrationId()); // missed while down: at once
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Every change of an incident is recorded here; what people must be told of it goes to the outbox too. */
    void record(Changes out, Incident incident, Instant now, String actor, TimelineKind kind,
                        String message, long alertId) {
        incident.touch(now);
        out.incident(incident);
        out.timeline(new TimelineEntry(incident.id(), now, actor, kind, message, alertId));
        observeSla(incident, now, out); // every change of status, queue or priority is recorded: the clocks follow
        notifier.recorded(incident, kind, message, now, rules.notifying(), out::notification);
        journal.recorded(incident, kind, actor, message, alertId, now, out::journal);
    }


    private static String severityNote(String severity, Priority priority) {
        return severity == null ? " (no severity → " + priority + ")" : " (severity " + severity + " → " + priority + ")";
    }

    private static String withReason(String what, String reason) {
        return reason == null || reason.isBlank() ? what : what + ": " + reason;
    }
}
