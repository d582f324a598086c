package dev.sift.core.heartbeat;

import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Source;
import dev.sift.core.signal.Signal;
import dev.sift.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * A dead-man's switch: integration {@code name} must ping at least every {@code interval}; after
 * {@code interval + grace} without one, the monitoring pipeline behind it is taken to be silent.
 *
 * @param lastPingAt the last ping, or when Sift began to watch it (its creation) if it never pinged
 * @param pinged whether {@code lastPingAt} is a ping, rather than the start of the watch
 */
public record Heartbeat(long integrationId, String name, Duration interval, Duration grace, Instant lastPingAt,
                        boolean pinged) {
    public static final String ALERT_NAME = "HeartbeatMissing";

    public Heartbeat {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(lastPingAt, "lastPingAt");
        if (!interval.isPositive() || grace.isNegative()) {
            throw new IllegalArgumentException("heartbeat " + name + ": interval must be positive, grace not negative");
        }
    }

    /** When the heartbeat counts as missing if no ping comes before. */
    public Instant dueAt() {
        return lastPingAt.plus(interval).plus(grace);
    }

    public Heartbeat pingedAt(Instant now) {
        return new Heartbeat(integrationId, name, interval, grace, now, true);
    }

    /** The alert of a missing heartbeat is identified by its integration: one per heartbeat. */
    public String fingerprint() {
        return "heartbeat:" + integrationId;
    }

    /**
     * The alert that says the pipeline is silent. It goes through silences, inhibition, grouping and routes like any
     * other alert; its labels let routes pick it ({@code alertname="HeartbeatMissing"}, {@code heartbeat="…"},
     * {@code @integration}).
     */
    public Signal.Firing missing() {
        String since = (pinged ? "since " : "since it was set up at ") + lastPingAt.truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> labels = Map.of("alertname", ALERT_NAME, "heartbeat", name, "severity", "critical");
        Map<String, String> annotations = Map.of("summary", "no heartbeat from " + name + " " + since,
                "description", "Sift expects a ping from " + name + " every " + Durations.format(interval)
                        + (grace.isZero() ? "" : " (" + Durations.format(grace) + " grace)")
                        + "; a silent pipeline must never look like a calm queue.");
        String title = "the monitoring pipeline itself is silent: no heartbeat from " + name + " " + since;
        return new Signal.Firing(Source.HEARTBEAT, integrationId, name, fingerprint(),
                new AlertDescription(labels, annotations, title, "critical", null, null), dueAt());
    }

    public Signal.Resolved back(Instant now) {
        return new Signal.Resolved(Source.HEARTBEAT, integrationId, fingerprint(), now);
    }
}
