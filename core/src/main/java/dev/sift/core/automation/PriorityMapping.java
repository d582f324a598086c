package dev.sift.core.automation;

import dev.sift.core.incident.Priority;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Severity → priority. Severity names are compared case-insensitively. The defaults cover the usual
 * Prometheus, PagerDuty and syslog words; anything else, or no severity, gets {@link #fallback()}.
 */
public record PriorityMapping(Map<String, Priority> bySeverity, Priority fallback) {
    public PriorityMapping {
        var normalized = new LinkedHashMap<String, Priority>();
        Objects.requireNonNull(bySeverity, "bySeverity")
                .forEach((k, v) -> normalized.put(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v, k)));
        bySeverity = Map.copyOf(normalized);
        Objects.requireNonNull(fallback, "fallback");
    }

    public static PriorityMapping defaults() {
        var m = new LinkedHashMap<String, Priority>();
        for (String s : new String[] {"critical", "page", "emergency", "fatal", "disaster"}) m.put(s, Priority.P1);
        for (String s : new String[] {"error", "high", "major"}) m.put(s, Priority.P2);
        for (String s : new String[] {"warning", "warn", "medium", "average", "minor"}) m.put(s, Priority.P3);
        for (String s : new String[] {"info", "informational", "low", "notice"}) m.put(s, Priority.P4);
        for (String s : new String[] {"debug", "none", "ok"}) m.put(s, Priority.P5);
        return new PriorityMapping(m, Priority.P3);
    }

    public Priority priorityOf(String severity) {
        if (severity == null) {
            return fallback;
        }
        return bySeverity.getOrDefault(severity.toLowerCase(Locale.ROOT), fallback);
    }
}
