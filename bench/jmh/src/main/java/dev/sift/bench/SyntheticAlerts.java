package dev.sift.bench;

import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.signal.Signal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Alerts shaped like the ones {@code bench/alerts.lua} sends to the ingest harness: five labels ({@code alertname}
 * one of ten, {@code instance}, {@code job}, {@code severity}, {@code zone}) and two annotations, mapped to signals
 * the way the Alertmanager webhook maps them. Fingerprints are computed here, once, because the HTTP adapter
 * computes them while parsing: the engine's apply loop never does.
 */
final class SyntheticAlerts {
    static final long INTEGRATION = 1;
    static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    private static final String[] SEVERITIES = {"critical", "warning", "warning", "info"};

    private SyntheticAlerts() {}

    /** The firing signal of label set {@code i}; the same {@code (prefix, i)} always gives the same alert. */
    static Signal.Firing firing(String prefix, int i) {
        return firing(prefix, i, START);
    }

    /** The same alert, in an episode that started at {@code startsAt}. */
    static Signal.Firing firing(String prefix, int i, Instant startsAt) {
        Map<String, String> labels = labels(prefix, i);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", labels.get("alertname") + " on " + labels.get("instance"));
        annotations.put("description", "benchmark alert " + i + " in zone " + labels.get("zone"));
        var description = new AlertDescription(labels, annotations, annotations.get("summary"), labels.get("severity"),
                Fingerprint.alertmanagerFingerprint(labels), null);
        return new Signal.Firing(Source.ALERTMANAGER, INTEGRATION, Fingerprint.ofLabels(labels), description, startsAt);
    }

    /** The resolve of label set {@code i}. */
    static Signal.Resolved resolved(String prefix, int i) {
        return new Signal.Resolved(Source.ALERTMANAGER, INTEGRATION, Fingerprint.ofLabels(labels(prefix, i)), null);
    }

    private static Map<String, String> labels(String prefix, int i) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "BenchAlert" + (i % 10));
        labels.put("instance", prefix + "-" + i + ":9100");
        labels.put("job", "node");
        labels.put("severity", SEVERITIES[i % SEVERITIES.length]);
        labels.put("zone", "z" + (i % 5));
        return labels;
    }
}
