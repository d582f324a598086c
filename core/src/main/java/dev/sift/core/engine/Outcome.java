package dev.sift.core.engine;

/** What applying one command did, as the caller needs to know it. */
public sealed interface Outcome {
    /** A signal was taken into account. {@code incidentId}/{@code alertId} are 0 when no alert was involved. */
    record Ingested(SignalEffect effect, long incidentId, long alertId) implements Outcome {}

    /** A person's action was applied. */
    record Acted(long incidentId) implements Outcome {}

    /** Time passed; {@code changes} says how many incidents or alerts changed because of it. */
    record Ticked(int changes) implements Outcome {}

    /** A silence was created or expired; {@code silence} is as it is now. */
    record SilenceChanged(dev.sift.core.silence.Silence silence) implements Outcome {}

    /**
     * A heartbeat was watched or pinged: it is missing after {@code heartbeat.dueAt()}. {@code resolvedIncidentId}
     * is the incident whose missing-heartbeat alert this ping resolved, else 0.
     */
    record HeartbeatSeen(dev.sift.core.heartbeat.Heartbeat heartbeat, long resolvedIncidentId) implements Outcome {}

    /** New rules apply from the next command on. */
    record RulesChanged() implements Outcome {}

    /** The command was refused and changed nothing. {@code field}: the request field at fault, or null. */
    record Rejected(Reason reason, String message, String field) implements Outcome {
        public enum Reason { NOT_FOUND, CONFLICT, INVALID }

        public Rejected(Reason reason, String message) {
            this(reason, message, null);
        }
    }
}
