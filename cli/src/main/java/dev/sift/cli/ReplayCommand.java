package dev.sift.cli;

import dev.sift.app.config.InvalidConfig;
import dev.sift.app.config.RulesFile;
import dev.sift.app.replay.Replay;
import dev.sift.app.replay.RuleEffectsReport;
import dev.sift.core.alert.Alert;
import dev.sift.core.rules.Rules;
import dev.sift.core.incident.Incident;
import dev.sift.core.time.Durations;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", description = {"Run the engine over a recorded alert stream (JSONL, optionally .gz) with a"
        + " simulated clock, without a database server, and report what each rule of the rules file did: a what-if"
        + " for a rules change.", "With --output, writes {\"id\", \"incident\"} per input event."})
final class ReplayCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Option(names = "--input", required = true, description = "events, JSONL or JSONL.gz")
    Path input;

    @Option(names = "--output", description = "where to write the event → incident lines (none when absent)")
    Path output;

    @Option(names = "--config", description = "rules file (built-in defaults when absent)")
    Path config;

    @Option(names = "--table", defaultValue = "30", description = "incidents to show in the table (default ${DEFAULT-VALUE}; 0 for none)")
    int tableRows;

    @Option(names = "--report", defaultValue = "text", description = "what the rules did: text (tables after the"
            + " summary), json (only a JSON document on standard output) or none (default ${DEFAULT-VALUE})")
    String report;

    @Option(names = "--run-on", description = "let the simulated clock run on this long after the last event (e.g."
            + " 1h), so that holds, SLA clocks and expiry due then take effect")
    String runOn;

    @Override
    public Integer call() throws Exception {
        if (!List.of("text", "json", "none").contains(report)) {
            System.err.println("sift: --report: unknown value '" + report + "'; expected text, json or none");
            return 2;
        }
        Duration after = Duration.ZERO;
        if (runOn != null) {
            try {
                after = Durations.parse(runOn);
            } catch (IllegalArgumentException e) {
                System.err.println("sift: --run-on: " + e.getMessage());
                return 2;
            }
        }
        Rules policy;
        try {
            policy = config == null ? Rules.defaults() : RulesFile.load(config);
        } catch (InvalidConfig e) {
            System.err.println("sift: the rules file has " + e.getMessage());
            return 2;
        }
        if (!Files.isRegularFile(input)) {
            System.err.println("sift: no such input file: " + input);
            return 2;
        }
        Replay.Result r;
        try {
            r = Replay.run(input, policy, after);
        } catch (IllegalArgumentException e) {
            System.err.println("sift: " + input + ": " + e.getMessage());
            return 2;
        }
        if (output != null) {
            try (OutputStream out = Files.newOutputStream(output)) {
                Replay.writeAssignments(r, out);
            }
        }
        if (report.equals("json")) {
            RuleEffectsReport.json(r, System.out);
            return 0;
        }
        printSummary(r);
        if (report.equals("text")) {
            System.out.println();
            System.out.print(RuleEffectsReport.text(r.effects()));
        }
        return 0;
    }

    private void printSummary(Replay.Result r) {
        double reduction = r.events() == 0 ? 0 : 100.0 * (1 - (double) r.incidentCount() / r.events());
        System.out.printf("%d events → %d alerts (distinct label sets) → %d incidents: %.0f%% fewer lines to read"
                        + " (replayed in %d ms)%n", r.events(), r.distinctFingerprints(), r.incidentCount(), reduction,
                r.elapsedNanos() / 1_000_000);
        if (output != null) {
            System.out.println("wrote " + r.assignments().size() + " lines to " + output);
        }
        System.out.println(r.tickets().text());
        if (tableRows <= 0 || r.incidents().isEmpty()) {
            return;
        }
        System.out.println();
        Table t = new Table("#", "PRI", "QUEUE", "STATUS", "TITLE", "ZONE", "COUNT", "FIRST SEEN", "LAST SEEN")
                .maxWidth(4, 50);
        List<Incident> shown = r.incidents().stream()
                .sorted(Comparator.comparing(Incident::id))
                .limit(tableRows).toList();
        for (Incident i : shown) {
            List<Alert> alerts = r.alerts().getOrDefault(i.id(), List.of());
            long count = alerts.stream().mapToLong(Alert::count).sum();
            Instant first = alerts.stream().map(Alert::firstSeen).min(Comparator.naturalOrder()).orElse(null);
            Instant last = alerts.stream().map(Alert::lastSeen).max(Comparator.naturalOrder()).orElse(null);
            t.row("#" + i.id(), i.priority(), i.queue(), i.status().wireName(), i.title(), i.labels().get("zone"),
                    count, first == null ? null : TIME.format(first), last == null ? null : TIME.format(last));
        }
        t.print(System.out);
        if (r.incidentCount() > shown.size()) {
            System.out.println("… and " + (r.incidentCount() - shown.size()) + " more (--table N shows more)");
        }
    }
}
