package dev.sift.app.replay;

import dev.sift.core.alert.Alert;
import dev.sift.core.engine.Changes;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Engine;
import dev.sift.core.engine.Outcome;
import dev.sift.core.incident.Incident;
import dev.sift.core.rules.Rules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replay keeps while the engine runs: every incident and alert the engine made (storage would have kept
 * them), and for every event the alert it belongs to. The incident is read from that alert only at the end, so
 * that it is the alert's incident after everything the stream did (grouping may move alerts into another incident). Not thread-safe: one replay owns it.
 */
final class ReplayLedger {
    private final Engine engine;
    private final RuleEffectsRecorder effects;
    /** What a ticket system would have been told (the ticket policy, dry). */
    private final dev.sift.app.effect.TicketDryRun tickets = new dev.sift.app.effect.TicketDryRun();
    private final Changes changes = new Changes();
    private final Map<Long, Incident> incidents = new LinkedHashMap<>();
    /** Every alert the engine made, at index id - 1: the engine numbers them 1, 2, 3, … */
    private final List<Alert> alertsById = new ArrayList<>();
    private final Map<String, Alert> lastAlertOfFingerprint = new HashMap<>();
    private final List<String> eventIds = new ArrayList<>();
    /** Per event: its alert, or null when the engine had none for it (then its fingerprint names it). */
    private final List<Alert> eventAlerts = new ArrayList<>();
    private final List<String> eventFingerprints = new ArrayList<>();

    ReplayLedger(Rules rules) {
        this.engine = new Engine(rules);
        this.effects = new RuleEffectsRecorder(rules);
    }

    /** Lets time pass up to {@code now}, then applies the event at {@code now}. */
    void apply(ReplayEvent event, Instant now) {
        effects.event(now);
        Instant due = engine.nextDue();
        if (due != null && !due.isAfter(now)) { // as the writer does: a tick with nothing due changes nothing
            engine.apply(new Command.Tick(), now, changes);
            keepChanges(); // apart: an alert may stop flapping in the tick and start again with the event
        }
        Outcome outcome = engine.apply(new Command.Ingest(event.signal()), now, changes);
        keepChanges();
        long alertId = outcome instanceof Outcome.Ingested ingested ? ingested.alertId() : 0;
        String fingerprint = event.signal().fingerprint();
        Alert alert;
        if (alertId == 0) {
            alert = lastAlertOfFingerprint.get(fingerprint); // a signal the engine ignored: its alert's last episode
        } else {
            alert = alertsById.get((int) alertId - 1);
            lastAlertOfFingerprint.put(fingerprint, alert);
        }
        eventIds.add(event.id());
        eventAlerts.add(alert);
        eventFingerprints.add(fingerprint);
    }

    /**
     * No more events after {@code last}: lets the simulated clock run on to {@code end}, each timer firing at its
     * due time, as the writer's ticks would fire them.
     */
    void runOn(Instant last, Instant end) {
        Instant now = last;
        for (Instant due = engine.nextDue(); due != null && !due.isAfter(end); due = engine.nextDue()) {
            now = due.isAfter(now) ? due : now; // the simulated clock never runs backwards
            engine.apply(new Command.Tick(), now, changes); // takes every timer due by then, so the loop moves on
            keepChanges();
        }
        effects.ranOnTo(end);
    }

    private void keepChanges() {
        effects.observe(changes);
        tickets.observe(changes.journal());
        for (Incident i : changes.incidents()) {
            incidents.putIfAbsent(i.id(), i);
        }
        for (Alert a : changes.alerts()) {
            int index = (int) a.id() - 1;
            while (alertsById.size() <= index) {
                alertsById.add(null);
            }
            if (alertsById.get(index) == null) {
                alertsById.set(index, a);
            }
        }
        changes.clear();
    }

    Replay.Result result(long elapsedNanos) {
        List<Replay.Assignment> assignments = new ArrayList<>(eventIds.size());
        for (int i = 0; i < eventIds.size(); i++) {
            Alert a = eventAlerts.get(i);
            String incident = a == null ? "unopened-" + eventFingerprints.get(i).substring(0, 16)
                    : a.incidentId() == 0 && a.heldBy() != null && !a.isSilenced()
                    ? "held-" + a.id() // an episode a transient rule kept out of any incident (auto-cleared, pending)
                    : a.incidentId() == 0 ? "silenced-" + a.id() // an episode a silence kept out of any incident
                    : Long.toString(a.incidentId());
            assignments.add(new Replay.Assignment(eventIds.get(i), incident));
        }
        // By the incident each alert is in at the end: grouping may have moved alerts since they were made, and a
        // silenced alert may have opened one when its silence ended. An incident merged into another holds none
        // and is left out.
        Map<Long, List<Alert>> alertsByIncident = new LinkedHashMap<>();
        for (Alert a : alertsById) {
            if (a != null && a.incidentId() != 0) {
                alertsByIncident.computeIfAbsent(a.incidentId(), k -> new ArrayList<>()).add(a);
            }
        }
        List<Incident> holding = incidents.values().stream().filter(i -> alertsByIncident.containsKey(i.id())).toList();
        return new Replay.Result(assignments, holding, alertsByIncident, eventIds.size(),
                lastAlertOfFingerprint.size(), effects.effects(alertsById, holding), tickets.summary(), elapsedNanos);
    }
}
