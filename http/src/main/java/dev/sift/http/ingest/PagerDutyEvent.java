package dev.sift.http.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.engine.Command;
import dev.sift.core.integration.Integration;
import dev.sift.core.signal.Signal;
import dev.sift.http.Fields;
import dev.sift.http.Json;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): validation with PagerDuty's limits and messages a sender
 * can act on, and mapping to signals. Validation collects every error, as PagerDuty's {@code errors[]} does.
 */
public final class PagerDutyEvent {
    public static final int MAX_BODY_BYTES = 512 * 1024;
    private static final int MAX_DEDUP_KEY = 255;
    private static final int MAX_SUMMARY = 1024;
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    /** A validated event; {@code dedupKey} is generated for a trigger without one. */
    public record Parsed(String routingKey, String action, String dedupKey, boolean generatedKey, JsonNode payload) {}

    /** Thrown with every problem found; nothing of the event is used. */
    public static final class Invalid extends RuntimeException {
        private final List<String> errors;

        Invalid(List<String> errors) {
            super(String.join("; ", errors), null, false, false);
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    private PagerDutyEvent() {}

    public static Parsed parse(JsonNode body) {
        List<String> errors = new ArrayList<>();
        if (!body.isObject()) {
            throw new Invalid(List.of("the body must be a JSON object, got " + Fields.kind(body)));
        }
        String routingKey = text(body, "routing_key", true, errors);
        String action = text(body, "event_action", true, errors);
        if (action != null && !ACTIONS.contains(action)) {
            errors.add("event_action must be one of trigger, acknowledge, resolve; got '" + Fields.abbreviate(action) + "'");
            action = null;
        }
        String dedupKey = text(body, "dedup_key", false, errors);
        if (dedupKey != null && dedupKey.length() > MAX_DEDUP_KEY) {
            errors.add("dedup_key is " + dedupKey.length() + " characters; at most " + MAX_DEDUP_KEY + " are allowed");
        }
        if (dedupKey != null && dedupKey.isEmpty()) {
            dedupKey = null;
        }
        if (dedupKey == null && action != null && !action.equals("trigger")) {
            errors.add("dedup_key is required for event_action " + action);
        }
        JsonNode payload = body.get("payload");
        if ("trigger".equals(action)) {
            validatePayload(payload, errors);
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        boolean generated = dedupKey == null;
        return new Parsed(routingKey, action, generated ? UUID.randomUUID().toString().replace("-", "") : dedupKey,
                generated, payload);
    }

    private static void validatePayload(JsonNode payload, List<String> errors) {
        if (payload == null || payload.isNull()) {
            errors.add("payload is required for event_action trigger");
            return;
        }
        if (!payload.isObject()) {
            errors.add("payload must be an object, got " + Fields.kind(payload));
            return;
        }
        String summary = text(payload, "summary", "payload.summary", true, errors);
        if (summary != null && summary.length() > MAX_SUMMARY) {
            errors.add("payload.summary is " + summary.length() + " characters; at most " + MAX_SUMMARY + " are allowed");
        }
        text(payload, "source", "payload.source", true, errors);
        String severity = text(payload, "severity", "payload.severity", true, errors);
        if (severity != null && !SEVERITIES.contains(severity)) {
            errors.add("payload.severity must be one of critical, error, warning, info; got '"
                    + Fields.abbreviate(severity) + "'");
        }
        String timestamp = text(payload, "timestamp", "payload.timestamp", false, errors);
        if (timestamp != null) {
            try {
                OffsetDateTime.parse(timestamp);
            } catch (DateTimeParseException e) {
                errors.add("payload.timestamp must be an ISO 8601 time such as 2026-03-04T10:15:30Z; got '"
                        + Fields.abbreviate(timestamp) + "'");
            }
        }
        for (String name : List.of("component", "group", "class")) {
            text(payload, name, "payload." + name, false, errors);
        }
    }

    private static String text(JsonNode parent, String name, boolean required, List<String> errors) {
        return text(parent, name, name, required, errors);
    }

    private static String text(JsonNode parent, String name, String path, boolean required, List<String> errors) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(path + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(path + " must be a string, got " + Fields.kind(v));
            return null;
        }
        return v.textValue();
    }

    public static Command toCommand(Parsed e, Integration integration) {
        String fingerprint = Fingerprint.ofDedupKey(integration.id(), e.dedupKey());
        Signal signal = switch (e.action()) {
            // No start time: a trigger after a resolve is always a new episode (PagerDuty semantics), so the
            // sender's timestamp is kept as an annotation only.
            case "trigger" -> new Signal.Firing(Source.EVENTS, integration.id(), integration.name(), fingerprint,
                    describe(e), null);
            case "acknowledge" -> new Signal.Acknowledged(Source.EVENTS, integration.id(), fingerprint,
                    integration.actor());
            default -> new Signal.Resolved(Source.EVENTS, integration.id(), fingerprint, null);
        };
        return new Command.Ingest(signal);
    }

    private static AlertDescription describe(Parsed e) {
        JsonNode p = e.payload();
        Map<String, String> labels = new LinkedHashMap<>();
        for (String name : List.of("source", "component", "group", "class", "severity")) {
            JsonNode v = p.get(name);
            if (v != null && v.isTextual() && !v.textValue().isEmpty()) {
                labels.put(name, v.textValue());
            }
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        String summary = p.get("summary").textValue();
        annotations.put("summary", summary);
        JsonNode timestamp = p.get("timestamp");
        if (timestamp != null && timestamp.isTextual()) {
            annotations.put("timestamp", timestamp.textValue());
        }
        JsonNode details = p.get("custom_details");
        if (details != null && !details.isNull()) {
            annotations.put("custom_details", details.isTextual() ? details.textValue()
                    : new String(Json.write(details), java.nio.charset.StandardCharsets.UTF_8));
        }
        return new AlertDescription(labels, annotations, summary, p.get("severity").textValue(), null, e.dedupKey());
    }
}
