package dev.sift.app.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.core.alert.Alert;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.engine.Changes;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Engine;
import dev.sift.core.engine.Outcome;
import dev.sift.core.incident.Incident;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Runs the engine over a recorded stream with a simulated clock: each event's {@code receivedAt} is "now", and
 * timers fire as that clock passes them. No database: what the engine changes is kept in memory to report.
 */
public final class Replay {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to one event: the incident its alert episode belongs to, as written to the output. */
    public record Assignment(String eventId, String incident) {}

    public record Result(List<Assignment> assignments, Collection<Incident> incidents, Map<Long, List<Alert>> alerts,
                         int events, int distinctFingerprints, long elapsedNanos) {
        public int incidentCount() {
            return incidents.size();
        }
    }

    private Replay() {}

    public static Result run(Path input, AutomationPolicy policy) throws IOException {
        try (InputStream raw = Files.newInputStream(input);
             InputStream in = input.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            return run(reader, policy);
        }
    }

    public static Result run(BufferedReader reader, AutomationPolicy policy) throws IOException {
        long started = System.nanoTime();
        Engine engine = new Engine(policy);
        Changes changes = new Changes();
        Map<Long, Incident> incidents = new LinkedHashMap<>();
        Map<Long, List<Alert>> alertsByIncident = new LinkedHashMap<>();
        Map<Long, Alert> alerts = new HashMap<>();
        List<String> eventIds = new ArrayList<>();
        List<Long> eventAlert = new ArrayList<>();
        List<String> eventFingerprint = new ArrayList<>();
        Map<String, Long> lastAlertOfFingerprint = new HashMap<>();
        ReplayEventParser parser = new ReplayEventParser();
        Instant previous = null;
        int lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            ReplayEvent event = parser.parse(line, lineNumber, previous);
            Instant now = previous != null && event.receivedAt().isBefore(previous) ? previous : event.receivedAt();
            previous = now;
            engine.apply(new Command.Tick(), now, changes);
            Outcome outcome = engine.apply(new Command.Ingest(event.signal()), now, changes);
            long alertId = outcome instanceof Outcome.Ingested in ? in.alertId() : 0;
            String fp = event.signal().fingerprint();
            if (alertId == 0) {
                alertId = lastAlertOfFingerprint.getOrDefault(fp, 0L);
            } else {
                lastAlertOfFingerprint.put(fp, alertId);
            }
            eventIds.add(event.id());
            eventAlert.add(alertId);
            eventFingerprint.add(fp);
            collect(changes, incidents, alertsByIncident, alerts);
        }
        List<Assignment> assignments = new ArrayList<>(eventIds.size());
        for (int i = 0; i < eventIds.size(); i++) {
            Alert a = alerts.get(eventAlert.get(i));
            String incident = a != null ? Long.toString(a.incidentId())
                    : "unopened-" + eventFingerprint.get(i).substring(0, 16);
            assignments.add(new Assignment(eventIds.get(i), incident));
        }
        return new Result(assignments, incidents.values(), alertsByIncident, eventIds.size(),
                lastAlertOfFingerprint.size(), System.nanoTime() - started);
    }

    private static void collect(Changes changes, Map<Long, Incident> incidents, Map<Long, List<Alert>> byIncident,
                                Map<Long, Alert> alerts) {
        for (Incident i : changes.incidents()) {
            incidents.putIfAbsent(i.id(), i);
        }
        for (Alert a : changes.alerts()) {
            if (alerts.putIfAbsent(a.id(), a) == null) {
                byIncident.computeIfAbsent(a.incidentId(), k -> new ArrayList<>()).add(a);
            }
        }
        changes.clear();
    }

    /** Writes one {@code {"id", "incident"}} line per input event, in input order. */
    public static void writeAssignments(Result result, OutputStream out) throws IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        // One generator for all lines, instead of a tree and a string per line; its escaping is the mapper's.
        // Not closed: that would close the caller's stream.
        JsonGenerator json = JSON.createGenerator(w);
        json.setRootValueSeparator(null);
        for (Assignment a : result.assignments()) {
            json.writeStartObject();
            json.writeStringField("id", a.eventId());
            json.writeStringField("incident", a.incident());
            json.writeEndObject();
            json.writeRaw('\n');
        }
        json.flush();
    }
}
