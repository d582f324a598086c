package dev.sift.app.replay;

import dev.sift.core.incident.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What each rule of the rules file did over a replayed stream: the answer to "what if we had run these rules last
 * week?". Every rule the file has is listed, the ones that did nothing too (a rule that never applies is worth
 * knowing about before deploying it). Built by {@link RuleEffectsRecorder} from what the engine produced, never by
 * applying the rules a second time.
 *
 * @param from the simulated time of the first event, null for an empty stream
 * @param to the simulated time of the last event
 * @param ranOnTo where the simulated clock stopped after the last event, when it ran on; null when it stopped at the
 *     last event (then timers due later, such as a hold or an SLA clock, did not run)
 */
public record RuleEffects(Instant from, Instant to, Instant ranOnTo, List<TransientEffect> transients,
                          List<SilenceEffect> silences, List<InhibitEffect> inhibit, FlappingEffect flapping,
                          List<SlaEffect> sla, List<RouteEffect> routes) {
    public RuleEffects {
        transients = List.copyOf(transients);
        silences = List.copyOf(silences);
        inhibit = List.copyOf(inhibit);
        sla = List.copyOf(sla);
        routes = List.copyOf(routes);
    }

    /**
     * One transient rule: the alerts (episodes) it held as pending, and how each hold ended. {@code held} is the sum
     * of the four others.
     *
     * @param letThrough still firing when the hold ended (or seen often enough): placed as a new alert is
     * @param pending still held when the stream ended
     * @param expired not sent again for the expiry while held
     */
    public record TransientEffect(String rule, int held, int autoCleared, int letThrough, int pending, int expired) {}

    /**
     * One silence or maintenance window of the file: the alerts it kept out of any incident, and how that ended.
     *
     * @param name as alerts name it: {@code silence:<name>} or {@code maintenance:<name>}
     * @param recovered resolved (or expired) while muted: never opened an incident
     * @param openedLater still firing when the silence ended: then in an incident (or inhibited)
     * @param stillMuted muted when the stream ended
     */
    public record SilenceEffect(String name, int suppressed, int recovered, int openedLater, int stillMuted) {}

    /**
     * One inhibit rule: the alerts it attached to the incident of the alert that inhibits them.
     *
     * @param released no longer inhibited when the stream ended (the source stopped firing while it fired on)
     * @param incidents the incidents they were attached to, in order
     */
    public record InhibitEffect(String rule, int inhibited, int released, List<Long> incidents) {
        public InhibitEffect {
            incidents = List.copyOf(incidents);
        }
    }

    /**
     * @param policy what counts as flapping ({@code 4 state changes within 30m}), null when detection is off
     * @param alerts the alerts that flapped, by first flap
     */
    public record FlappingEffect(String policy, List<FlappingAlert> alerts) {
        public FlappingEffect {
            alerts = List.copyOf(alerts);
        }
    }

    /** @param times how often it started flapping; {@code incident} is where it is at the end */
    public record FlappingAlert(String alert, long incident, int times) {}

    /** One SLA policy: the incidents whose clocks it ran at some point, and the clocks that ran out under it. */
    public record SlaEffect(String policy, int incidents, int ackBreached, int resolveBreached) {}

    /**
     * One route of the tree, in file order (depth-first), or the row of incidents that no route matched: the
     * incidents it decided (as they are at the end: merged ones are counted in the incident they joined).
     *
     * @param route its name, else its path; {@link #NO_ROUTE} for incidents no route matched
     * @param path {@code routes[1].routes[0]}, null for the no-route row
     * @param depth 0 for a top-level route
     * @param queues the queues of its incidents, in order of first appearance
     * @param priorities how many of its incidents have each priority
     */
    public record RouteEffect(String route, String path, int depth, List<String> queues, int incidents,
                              Map<Priority, Integer> priorities) {
        public static final String NO_ROUTE = "(no route: defaults)";

        public RouteEffect {
            queues = List.copyOf(queues);
            priorities = Map.copyOf(priorities);
        }
    }
}
