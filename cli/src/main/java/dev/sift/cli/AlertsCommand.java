package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "alerts", description = "List alerts of a running Sift, newest first.")
final class AlertsCommand extends ClientCommand {
    @Option(names = "--status", description = "firing, resolved, silenced, inhibited or pending") String status;
    @Option(names = {"-q", "--query"}, description = "text in the title or alert name, or a fingerprint") String text;
    @Option(names = "--limit", defaultValue = "50") int limit;

    @Override
    void run(SiftClient client) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("status", status);
        q.put("q", text);
        q.put("limit", Integer.toString(limit));
        JsonNode page = client.get("/api/v1/alerts", q);
        Table t = new Table("INCIDENT", "ALERT", "STATUS", "SEVERITY", "COUNT", "LAST SEEN (UTC)", "FINGERPRINT")
                .maxWidth(1, 50);
        for (JsonNode a : page.path("items")) {
            String incident = a.path("incidentId").isNull() ? "-" : "#" + a.path("incidentId").asText();
            boolean firing = a.path("status").asText().equals("firing");
            String status = firing && !a.path("silenced").isMissingNode()
                    ? "silenced (" + a.path("silenced").path("by").asText() + ")"
                    : firing && !a.path("inhibited").isMissingNode()
                    ? "inhibited (by alert " + a.path("inhibited").path("byAlert").asText() + ")"
                    : firing && a.path("held").path("pending").asBoolean()
                    ? "pending (rule " + a.path("held").path("rule").asText() + ")"
                    : a.path("resolution").asText().equals("auto-cleared") ? "auto-cleared"
                    : a.path("status").asText();
            t.row(incident, a.path("title").asText(), status,
                    Show.text(a.path("severity")), a.path("count").asLong(), Show.time(a.path("lastSeen")),
                    a.path("fingerprint").asText());
        }
        if (t.isEmpty()) {
            System.out.println("no alerts");
        } else {
            t.print(System.out);
        }
    }
}
