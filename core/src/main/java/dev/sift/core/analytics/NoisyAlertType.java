package dev.sift.core.analytics;

import java.time.Instant;
import java.util.List;

/**
 * One kind of alert and the noise it made in the period: its alerts' signals, how many alerts (label sets) and
 * incidents it took, how many of its alerts flapped or were auto-cleared, and the matchers that a silence or a rule
 * for all of it would need (every label that all its alerts share, in Alertmanager syntax).
 *
 * @param kind the {@code alertname} label, else the event's {@code class} label, else the title
 */
public record NoisyAlertType(String kind, long signals, long alerts, long incidents, long flapping, long autoCleared,
                             Instant firstSeen, Instant lastSeen, List<String> matchers) {
    public NoisyAlertType {
        matchers = List.copyOf(matchers);
    }

    public NoisyAlertType withMatchers(List<String> m) {
        return new NoisyAlertType(kind, signals, alerts, incidents, flapping, autoCleared, firstSeen, lastSeen, m);
    }
}
