package dev.sift.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.signal.Signal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a recorded stream (the format of {@code data/grouping/dev/events.jsonl.gz}): an Alertmanager-like
 * alert plus {@code id} and {@code receivedAt}. Fields may be missing; unknown fields are ignored.
 */
record ReplayEvent(String id, Instant receivedAt, Signal signal) {

    /** @throws IllegalArgumentException naming the line and field */
    static ReplayEvent parse(JsonNode node, int lineNumber, Instant previous) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("line " + lineNumber + ": not a JSON object");
        }
        String id = text(node, "id");
        if (id == null) {
            id = "line-" + lineNumber;
        }
        Map<String, String> labels = strings(node.get("labels"), lineNumber, "labels");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("line " + lineNumber + ": labels are missing or empty");
        }
        Map<String, String> annotations = strings(node.get("annotations"), lineNumber, "annotations");
        Instant startsAt = time(node, "startsAt", lineNumber);
        Instant endsAt = time(node, "endsAt", lineNumber);
        Instant receivedAt = time(node, "receivedAt", lineNumber);
        if (receivedAt == null) {
            receivedAt = previous != null ? previous : startsAt;
        }
        if (receivedAt == null) {
            throw new IllegalArgumentException("line " + lineNumber + ": no receivedAt and nothing to take the time from");
        }
        String status = text(node, "status");
        boolean resolved = status == null ? endsAt != null && !endsAt.isAfter(receivedAt) : status.equals("resolved");
        String fingerprint = Fingerprint.ofLabels(labels);
        Signal signal;
        if (resolved) {
            signal = new Signal.Resolved(Source.REPLAY, 0, fingerprint, endsAt);
        } else {
            String title = annotations.getOrDefault("summary", labels.getOrDefault("alertname", "alert"));
            signal = new Signal.Firing(Source.REPLAY, 0, fingerprint, new AlertDescription(labels, annotations, title,
                    labels.get("severity"), Fingerprint.alertmanagerFingerprint(labels), null), startsAt);
        }
        return new ReplayEvent(id, receivedAt, signal);
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode node, String name, int line) {
        String t = text(node, name);
        if (t == null || t.isEmpty() || t.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("line " + line + ": " + name + " is not an RFC 3339 time: '" + t + "'");
        }
    }

    private static Map<String, String> strings(JsonNode node, int line, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("line " + line + ": " + name + " must be an object");
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
