package dev.sift.http.ingest;

import static dev.sift.http.Fields.optionalInstant;
import static dev.sift.http.Fields.optionalString;
import static dev.sift.http.Fields.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.engine.Command;
import dev.sift.core.integration.Integration;
import dev.sift.core.signal.Signal;
import dev.sift.http.Fields;
import dev.sift.http.problem.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps an Alertmanager webhook body (payload version 4) to signals. The body is the whole current state of one
 * alert group: a firing alert repeated in it is a repeat, and an alert absent from it is not thereby resolved.
 * Lenient where Alertmanager versions differ: a missing per-alert {@code status} is derived from {@code endsAt},
 * a missing {@code fingerprint} is computed from the labels. Everything is validated before anything is used.
 */
public final class AlertmanagerPayload {
    /** Alertmanager writes this for "no end time" on firing alerts. */
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private AlertmanagerPayload() {}

    public static List<Command> toCommands(JsonNode body, Integration integration, Instant now) {
        Fields.object(body, "body");
        JsonNode alerts = body.get("alerts");
        if (alerts == null || alerts.isNull()) {
            throw ApiException.invalidField("alerts", "is required (an array of alerts); is this an Alertmanager"
                    + " webhook (payload version 4)?");
        }
        if (!alerts.isArray()) {
            throw ApiException.invalidField("alerts", "must be an array, got " + Fields.kind(alerts));
        }
        List<Command> commands = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            commands.add(new Command.Ingest(signal(alerts.get(i), "alerts[" + i + "]", integration, now)));
        }
        return commands;
    }

    private static Signal signal(JsonNode alert, String path, Integration integration, Instant now) {
        long integrationId = integration.id();
        Fields.object(alert, path);
        Map<String, String> labels = stringMap(alert, "labels", path + ".labels");
        if (labels.isEmpty()) {
            throw ApiException.invalidField(path + ".labels", "is required and must not be empty: labels are the"
                    + " identity of an alert");
        }
        Map<String, String> annotations = stringMap(alert, "annotations", path + ".annotations");
        Instant startsAt = zeroToNull(optionalInstant(alert, "startsAt", path + ".startsAt"));
        Instant endsAt = zeroToNull(optionalInstant(alert, "endsAt", path + ".endsAt"));
        String status = optionalString(alert, "status", path + ".status");
        boolean resolved;
        if (status == null) {
            resolved = endsAt != null && !endsAt.isAfter(now);
        } else if (status.equals("firing") || status.equals("resolved")) {
            resolved = status.equals("resolved");
        } else {
            throw ApiException.invalidField(path + ".status", "must be 'firing' or 'resolved', got '"
                    + Fields.abbreviate(status) + "'");
        }
        String upstream = optionalString(alert, "fingerprint", path + ".fingerprint");
        if (upstream == null || upstream.isEmpty()) {
            upstream = Fingerprint.alertmanagerFingerprint(labels);
        }
        String fingerprint = Fingerprint.ofLabels(labels);
        if (resolved) {
            return new Signal.Resolved(Source.ALERTMANAGER, integrationId, fingerprint, endsAt);
        }
        String title = annotations.getOrDefault("summary", labels.getOrDefault("alertname", "alert " + upstream));
        var description = new AlertDescription(labels, annotations, title, labels.get("severity"), upstream, null);
        return new Signal.Firing(Source.ALERTMANAGER, integrationId, integration.name(), fingerprint, description,
                startsAt);
    }

    private static Instant zeroToNull(Instant t) {
        return t == null || !t.isAfter(ZERO_TIME) ? null : t;
    }
}
