package dev.sift.app.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import dev.sift.core.alert.Alert;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.rules.Rules;
import dev.sift.core.incident.Incident;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Runs the engine over a recorded stream with a simulated clock: each event's {@code receivedAt} is "now", and
 * timers fire as that clock passes them. No database: what the engine changes is kept in memory to report.
 */
public final class Replay {
    /** The generator of an ObjectMapper without the mapper, which would only cost start-up time here. */
    private static final JsonFactory JSON = new JsonFactory();

    /** What happened to one event: the incident its alert episode belongs to, as written to the output. */
    public record Assignment(String eventId, String incident) {}

    /**
     * @param effects what each rule of the rules file did over the stream
     * @param tickets what one ticket system would have been told (a dry run of the ticket policy)
     */
    public record Result(List<Assignment> assignments, Collection<Incident> incidents, Map<Long, List<Alert>> alerts,
                         int events, int distinctFingerprints, RuleEffects effects,
                         dev.sift.app.effect.TicketDryRun.Summary tickets, long elapsedNanos) {
        public int incidentCount() {
            return incidents.size();
        }
    }

    private Replay() {}

    public static Result run(Path input, AutomationPolicy policy) throws IOException {
        return run(input, Rules.of(policy));
    }

    /** Replays a file (optionally .gz) under these rules, routes included. */
    public static Result run(Path input, Rules rules) throws IOException {
        return run(input, rules, Duration.ZERO);
    }

    /**
     * Replays a file (optionally .gz) under these rules, then lets the simulated clock run on for {@code runOn}
     * after the last event, so that what is due then happens: holds end, SLA clocks run out, alerts that are not
     * sent again expire.
     */
    public static Result run(Path input, Rules rules, Duration runOn) throws IOException {
        try (InputStream raw = Files.newInputStream(input);
             InputStream in = input.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return run(in, rules, runOn);
        }
    }

    public static Result run(InputStream in, AutomationPolicy policy) throws IOException {
        return run(in, Rules.of(policy));
    }

    /** Replays JSON lines (UTF-8) from {@code in}, which the caller closes. */
    public static Result run(InputStream in, Rules rules) throws IOException {
        return run(in, rules, Duration.ZERO);
    }

    /** Replays JSON lines (UTF-8) from {@code in}, then runs on for {@code runOn}; the caller closes {@code in}. */
    public static Result run(InputStream in, Rules rules, Duration runOn) throws IOException {
        long started = System.nanoTime();
        ReplayLedger ledger = new ReplayLedger(rules);
        ReplayEventParser parser = new ReplayEventParser();
        ByteLines lines = new ByteLines(in);
        Instant previous = null;
        int lineNumber = 0;
        while (lines.next()) {
            lineNumber++;
            ReplayEvent event = parser.parse(lines.buffer(), lines.start(), lines.end(), lineNumber, previous);
            if (event == null) {
                continue; // a blank line
            }
            // The simulated clock never runs backwards: an event received out of order happens "now".
            Instant now = previous != null && event.receivedAt().isBefore(previous) ? previous : event.receivedAt();
            previous = now;
            ledger.apply(event, now);
        }
        if (previous != null && runOn.isPositive()) {
            ledger.runOn(previous, previous.plus(runOn));
        }
        return ledger.result(System.nanoTime() - started);
    }

    /** Writes one {@code {"id", "incident"}} line per input event, in input order. */
    public static void writeAssignments(Result result, OutputStream out) throws IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        // One generator for all lines, instead of a tree and a string per line; it escapes as the mapper did.
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
