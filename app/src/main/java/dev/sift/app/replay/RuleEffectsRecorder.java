package dev.sift.app.replay;

import dev.sift.core.alert.Alert;
import dev.sift.core.engine.Changes;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.Priority;
import dev.sift.core.inhibition.InhibitRule;
import dev.sift.core.routing.Route;
import dev.sift.core.routing.Routing;
import dev.sift.core.rules.Rules;
import dev.sift.core.silence.MaintenanceWindow;
import dev.sift.core.silence.Silence;
import dev.sift.core.sla.IncidentSla;
import dev.sift.core.sla.SlaPolicy;
import dev.sift.core.transients.TransientRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watches what the engine changes during a replay and tells, per rule, what it did ({@link RuleEffects}). It reads
 * only the engine's output: the state of the alerts it changed (held by, silenced by, flapping), the facts it
 * records for each batch (which inhibit rule attached an alert, which SLA policy's clock ran out), and the
 * incidents with the routing they were given. It never asks a rule itself, so the report cannot disagree with
 * what the engine did. Fed after every command; not thread-safe, one replay owns it.
 */
final class RuleEffectsRecorder {
    private final Rules rules;
    private Instant from;
    private Instant to;
    private Instant ranOnTo;
    /** What muted an alert ({@code silence:x}) → the alerts it muted, by first time muted. */
    private final Map<String, Set<Alert>> silenced = new HashMap<>();
    private final Map<String, Set<Long>> inhibitedAlerts = new HashMap<>();
    private final Map<String, Set<Long>> inhibitedInto = new HashMap<>();
    /** Alert id → how often it started flapping; in order of the first start. */
    private final Map<Long, Integer> flapStarts = new LinkedHashMap<>();
    private final Map<Long, Alert> flappedAlerts = new HashMap<>();
    private final Set<Long> flappingNow = new java.util.HashSet<>();
    private final Map<String, Set<Long>> slaIncidents = new HashMap<>();
    private final Map<String, int[]> slaBreaches = new HashMap<>();

    RuleEffectsRecorder(Rules rules) {
        this.rules = rules;
    }

    /** An event was replayed at simulated time {@code now}. */
    void event(Instant now) {
        if (from == null) {
            from = now;
        }
        to = now;
    }

    /** After the last event the simulated clock ran on to {@code end}. */
    void ranOnTo(Instant end) {
        ranOnTo = end;
    }

    /** What one command (an event, or time passing) changed. */
    void observe(Changes changes) {
        for (Alert a : changes.alerts()) {
            if (a.silencedBy() != null) {
                silenced.computeIfAbsent(a.silencedBy(), k -> new LinkedHashSet<>()).add(a);
            }
            if (a.isFlapping() && flappingNow.add(a.id())) {
                flapStarts.merge(a.id(), 1, Integer::sum);
                flappedAlerts.put(a.id(), a);
            } else if (!a.isFlapping()) {
                flappingNow.remove(a.id());
            }
        }
        for (Changes.Inhibited i : changes.inhibited()) {
            inhibitedAlerts.computeIfAbsent(i.rule(), k -> new LinkedHashSet<>()).add(i.alertId());
            inhibitedInto.computeIfAbsent(i.rule(), k -> new LinkedHashSet<>()).add(i.incidentId());
        }
        for (IncidentSla s : changes.slas()) {
            if (s.policy() != null) {
                slaIncidents.computeIfAbsent(s.policy(), k -> new LinkedHashSet<>()).add(s.incidentId());
            }
        }
        for (Changes.SlaBreach b : changes.slaBreaches()) {
            slaBreaches.computeIfAbsent(b.policy(), k -> new int[2])[b.acknowledge() ? 0 : 1]++;
        }
    }

    /**
     * @param alerts every alert the engine made, in their state at the end (null entries are skipped)
     * @param incidents the incidents that hold alerts at the end
     */
    RuleEffects effects(List<Alert> alerts, Collection<Incident> incidents) {
        Map<Long, Alert> byId = new HashMap<>();
        for (Alert a : alerts) {
            if (a != null) {
                byId.put(a.id(), a);
            }
        }
        return new RuleEffects(from, to, ranOnTo, transients(alerts), silences(), inhibit(byId), flapping(),
                sla(), routes(incidents));
    }

    private List<RuleEffects.TransientEffect> transients(List<Alert> alerts) {
        Map<String, int[]> counts = new LinkedHashMap<>(); // held, auto-cleared, let through, pending, expired
        for (TransientRule r : rules.transients().rules()) {
            counts.put(r.name(), new int[5]);
        }
        for (Alert a : alerts) {
            if (a == null || a.heldBy() == null) {
                continue;
            }
            int[] c = counts.computeIfAbsent(a.heldBy(), k -> new int[5]);
            c[0]++;
            if (Alert.AUTO_CLEARED.equals(a.resolution())) {
                c[1]++;
            } else if (a.isPending()) {
                c[3]++;
            } else if (a.incidentId() == 0 && a.silencedBy() == null && Alert.EXPIRED.equals(a.resolution())) {
                c[4]++; // ended in no incident without being muted: it expired while held
            } else {
                c[2]++;
            }
        }
        List<RuleEffects.TransientEffect> out = new ArrayList<>();
        counts.forEach((rule, c) -> out.add(new RuleEffects.TransientEffect(rule, c[0], c[1], c[2], c[3], c[4])));
        return out;
    }

    private List<RuleEffects.SilenceEffect> silences() {
        List<String> names = new ArrayList<>();
        for (Silence s : rules.silencing().silences()) {
            names.add("silence:" + s.name());
        }
        for (MaintenanceWindow w : rules.silencing().maintenance()) {
            names.add("maintenance:" + w.name());
        }
        List<RuleEffects.SilenceEffect> out = new ArrayList<>();
        for (String name : names) {
            int recovered = 0;
            int openedLater = 0;
            int stillMuted = 0;
            Set<Alert> muted = silenced.getOrDefault(name, Set.of());
            for (Alert a : muted) {
                if (a.incidentId() != 0) {
                    openedLater++;
                } else if (!a.isFiring()) {
                    recovered++;
                } else {
                    stillMuted++;
                }
            }
            out.add(new RuleEffects.SilenceEffect(name, muted.size(), recovered, openedLater, stillMuted));
        }
        return out;
    }

    private List<RuleEffects.InhibitEffect> inhibit(Map<Long, Alert> alerts) {
        List<RuleEffects.InhibitEffect> out = new ArrayList<>();
        for (InhibitRule r : rules.inhibition().rules()) {
            Set<Long> ids = inhibitedAlerts.getOrDefault(r.name(), Set.of());
            int released = 0;
            for (long id : ids) {
                Alert a = alerts.get(id);
                if (a != null && !a.isInhibited()) {
                    released++;
                }
            }
            out.add(new RuleEffects.InhibitEffect(r.name(), ids.size(), released,
                    List.copyOf(inhibitedInto.getOrDefault(r.name(), Set.of()))));
        }
        return out;
    }

    private RuleEffects.FlappingEffect flapping() {
        List<RuleEffects.FlappingAlert> flapped = new ArrayList<>();
        flapStarts.forEach((id, times) -> {
            Alert a = flappedAlerts.get(id);
            flapped.add(new RuleEffects.FlappingAlert(a.displayName(), a.incidentId(), times));
        });
        return new RuleEffects.FlappingEffect(rules.flapping().isOff() ? null : rules.flapping().describe(), flapped);
    }

    private List<RuleEffects.SlaEffect> sla() {
        List<RuleEffects.SlaEffect> out = new ArrayList<>();
        for (SlaPolicy p : rules.sla().policies()) {
            int[] breaches = slaBreaches.getOrDefault(p.name(), new int[2]);
            out.add(new RuleEffects.SlaEffect(p.name(), slaIncidents.getOrDefault(p.name(), Set.of()).size(),
                    breaches[0], breaches[1]));
        }
        return out;
    }

    /** A route of the tree with where it is, while the incidents it decided are counted. */
    private record RouteRow(String route, String path, int depth, Set<String> queues,
                            Map<Priority, Integer> priorities, int[] incidents) {
        RuleEffects.RouteEffect effect() {
            return new RuleEffects.RouteEffect(route, path, depth, List.copyOf(queues), incidents[0], priorities);
        }
    }

    private List<RuleEffects.RouteEffect> routes(Collection<Incident> incidents) {
        Map<String, RouteRow> byPath = new LinkedHashMap<>();
        flatten(rules.routes().routes(), "routes", 0, byPath);
        RouteRow none = new RouteRow(RuleEffects.RouteEffect.NO_ROUTE, null, 0, new LinkedHashSet<>(),
                new EnumMap<>(Priority.class), new int[1]);
        for (Incident i : incidents) {
            Routing routing = i.routing();
            RouteRow row = routing == null || !routing.matched() ? none
                    : byPath.getOrDefault(routing.routePath(), none);
            row.incidents()[0]++;
            row.queues().add(i.queue());
            row.priorities().merge(i.priority(), 1, Integer::sum);
        }
        List<RuleEffects.RouteEffect> out = new ArrayList<>();
        byPath.values().forEach(r -> out.add(r.effect()));
        if (none.incidents()[0] > 0) {
            out.add(none.effect());
        }
        return out;
    }

    private static void flatten(List<Route> routes, String prefix, int depth, Map<String, RouteRow> into) {
        for (int n = 0; n < routes.size(); n++) {
            Route r = routes.get(n);
            String path = prefix + "[" + n + "]";
            into.put(path, new RouteRow(r.name() == null ? path : r.name(), path, depth, new LinkedHashSet<>(),
                    new EnumMap<>(Priority.class), new int[1]));
            flatten(r.routes(), path + ".routes", depth + 1, into);
        }
    }
}
