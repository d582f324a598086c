package dev.sift.cli;

import dev.sift.app.config.InvalidConfig;
import dev.sift.app.config.RulesFile;
import dev.sift.app.replay.Replay;
import dev.sift.core.alert.Alert;
import dev.sift.core.rules.Rules;
import dev.sift.core.incident.Incident;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", description = {"Run the engine over a recorded alert stream (JSONL, optionally .gz) with a"
        + " simulated clock, without a database server.", "Writes {\"id\", \"incident\"} per input event."})
final class ReplayCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Option(names = "--input", required = true, description = "events, JSONL or JSONL.gz")
    Path input;

    @Option(names = "--output", required = true, description = "where to write the event → incident lines")
    Path output;

    @Option(names = "--config", description = "rules file (built-in defaults when absent)")
    Path config;

    @Option(names = "--table", defaultValue = "30", description = "incidents to show in the table (default ${DEFAULT-VALUE}; 0 for none)")
    int tableRows;

    @Override
    public Integer call() throws Exception {
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
            r = Replay.run(input, policy);
        } catch (IllegalArgumentException e) {
            System.err.println("sift: " + input + ": " + e.getMessage());
            return 2;
        }
        try (OutputStream out = Files.newOutputStream(output)) {
            Replay.writeAssignments(r, out);
        }
        printSummary(r);
        return 0;
    }

    private void printSummary(Replay.Result r) {
        double reduction = r.events() == 0 ? 0 : 100.0 * (1 - (double) r.incidentCount() / r.events());
        System.out.printf("%d events → %d alerts (distinct label sets) → %d incidents: %.0f%% fewer lines to read"
                        + " (replayed in %d ms)%n", r.events(), r.distinctFingerprints(), r.incidentCount(), reduction,
                r.elapsedNanos() / 1_000_000);
        System.out.println("wrote " + r.assignments().size() + " lines to " + output);
        if (tableRows <= 0 || r.incidents().isEmpty()) {
            return;
        }
        System.out.println();
        Table t = new Table("#", "PRI", "STATUS", "TITLE", "ZONE", "COUNT", "FIRST SEEN", "LAST SEEN").maxWidth(3, 50);
        List<Incident> shown = r.incidents().stream()
                .sorted(Comparator.comparing(Incident::id))
                .limit(tableRows).toList();
        for (Incident i : shown) {
            List<Alert> alerts = r.alerts().getOrDefault(i.id(), List.of());
            long count = alerts.stream().mapToLong(Alert::count).sum();
            Instant first = alerts.stream().map(Alert::firstSeen).min(Comparator.naturalOrder()).orElse(null);
            Instant last = alerts.stream().map(Alert::lastSeen).max(Comparator.naturalOrder()).orElse(null);
            t.row("#" + i.id(), i.priority(), i.status().wireName(), i.title(), i.labels().get("zone"), count,
                    first == null ? null : TIME.format(first), last == null ? null : TIME.format(last));
        }
        t.print(System.out);
        if (r.incidentCount() > shown.size()) {
            System.out.println("… and " + (r.incidentCount() - shown.size()) + " more (--table N shows more)");
        }
    }
}
