package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "notifications", description = "List the notifications of a running Sift's outbox, newest first:"
        + " where each went, and how its delivery went.")
final class NotificationsCommand extends ClientCommand {
    @Option(names = "--state", description = "pending, delivered or dead") String state;
    @Option(names = "--incident", description = "only those of this incident") Long incident;
    @Option(names = "--limit", defaultValue = "50") int limit;

    @Override
    void run(SiftClient client) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("state", state);
        q.put("incident", incident == null ? null : incident.toString());
        q.put("limit", Integer.toString(limit));
        JsonNode page = client.get("/api/v1/notifications", q);
        Table t = new Table("INCIDENT", "CHANNEL", "EVENT", "STATE", "ATTEMPTS", "AT (UTC)", "LAST ERROR")
                .maxWidth(6, 80);
        for (JsonNode n : page.path("items")) {
            String state = n.path("state").asText();
            JsonNode at = state.equals("delivered") ? n.path("deliveredAt")
                    : state.equals("pending") ? n.path("nextAttemptAt") : n.path("lastAttemptAt");
            t.row("#" + n.path("incidentId").asText(), n.path("channel").asText(), n.path("event").asText(),
                    state, n.path("attempts").asInt(), Show.time(at), Show.text(n.path("lastError")));
        }
        if (t.isEmpty()) {
            System.out.println("no notifications");
        } else {
            t.print(System.out);
        }
    }
}
