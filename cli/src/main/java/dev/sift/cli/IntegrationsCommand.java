package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "integrations", description = "Manage the sources that send alerts to Sift.",
        subcommands = {IntegrationsCommand.Create.class, IntegrationsCommand.ListIntegrations.class})
final class IntegrationsCommand {
    @Command(name = "create", description = "Create an integration and print its key (shown only once).")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--kind", required = true, description = "alertmanager, events or heartbeat") String kind;
        @Option(names = "--interval", description = "heartbeat: how often it must ping, e.g. 5m") String interval;
        @Option(names = "--grace", description = "heartbeat: how late a ping may be (default 1m)") String grace;

        @Override
        void run(SiftClient client) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("name", name);
            body.put("kind", kind);
            if (interval != null) {
                body.put("interval", interval);
            }
            if (grace != null) {
                body.put("grace", grace);
            }
            JsonNode i = client.post("/api/v1/integrations", body);
            System.out.println("integration " + i.path("name").asText() + " (" + i.path("kind").asText()
                    + ") created; its key, shown only this once:");
            System.out.println(i.path("key").asText());
        }
    }

    @Command(name = "list", description = "List integrations.")
    static final class ListIntegrations extends ClientCommand {
        @Override
        void run(SiftClient client) {
            Table t = new Table("ID", "NAME", "KIND", "CREATED (UTC)", "BY");
            for (JsonNode i : client.get("/api/v1/integrations", Map.of()).path("items")) {
                t.row(i.path("id").asLong(), i.path("name").asText(), i.path("kind").asText(),
                        Show.time(i.path("createdAt")), i.path("createdBy").asText());
            }
            t.print(System.out);
        }
    }
}
