package dev.sift.core.engine;

import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.signal.Signal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signals as the inbound adapters would map them: label-identified (Alertmanager, replay) and event-style. */
final class Signals {
    static final long AM_INTEGRATION = 1;

    private Signals() {}

    static Map<String, String> labels(String... nameValue) {
        if (nameValue.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    static Map<String, String> diskFull(String instance) {
        return labels("alertname", "DiskFull", "instance", instance, "job", "node", "severity", "critical");
    }

    static Signal.Firing firing(Map<String, String> labels, Instant startsAt) {
        return firing(Source.ALERTMANAGER, labels, startsAt);
    }

    static Signal.Firing firing(Source source, Map<String, String> labels, Instant startsAt) {
        return firing(source, labels, Map.of(), startsAt);
    }

    static Signal.Firing firing(Source source, Map<String, String> labels, Map<String, String> annotations,
                                Instant startsAt) {
        String title = annotations.getOrDefault("summary", labels.getOrDefault("alertname", "alert"));
        var d = new AlertDescription(labels, annotations, title, labels.get("severity"),
                Fingerprint.alertmanagerFingerprint(labels), null);
        return new Signal.Firing(source, AM_INTEGRATION, Fingerprint.ofLabels(labels), d, startsAt);
    }

    static Signal.Resolved resolved(Map<String, String> labels, Instant endsAt) {
        return new Signal.Resolved(Source.ALERTMANAGER, AM_INTEGRATION, Fingerprint.ofLabels(labels), endsAt);
    }

    /** A PagerDuty-style trigger: no labels to speak of, identity = integration + dedup key, no start time. */
    static Signal.Firing trigger(long integrationId, String dedupKey, String summary, String severity) {
        var d = new AlertDescription(Map.of(), Map.of(), summary, severity, null, dedupKey);
        return new Signal.Firing(Source.EVENTS, integrationId, Fingerprint.ofDedupKey(integrationId, dedupKey), d,
                null);
    }

    static Signal.Resolved resolveEvent(long integrationId, String dedupKey) {
        return new Signal.Resolved(Source.EVENTS, integrationId, Fingerprint.ofDedupKey(integrationId, dedupKey), null);
    }

    static Signal.Acknowledged acknowledgeEvent(long integrationId, String dedupKey, String actor) {
        return new Signal.Acknowledged(Source.EVENTS, integrationId, Fingerprint.ofDedupKey(integrationId, dedupKey),
                actor);
    }
}
