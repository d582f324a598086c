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
        @Option(names = "--kind", required = true, description = "alertmanager, events, heartbeat or icinga2")
        String kind;
        @Option(names = "--interval", description = "heartbeat: how often it must ping, e.g. 5m") String interval;
        @Option(names = "--grace", description = "heartbeat: how late a ping may be (default 1m)") String grace;
        @Option(names = "--url", description = "icinga2: the API's base URL, e.g. https://icinga:5665") String url;
        @Option(names = "--username", description = "icinga2: the ApiUser") String username;
        @Option(names = "--password-env", paramLabel = "VAR", description = "icinga2: the environment variable that"
                + " holds the ApiUser's password (default ICINGA2_PASSWORD; never on the command line)")
        String passwordEnv;
        @Option(names = "--ca-file", description = "icinga2: PEM file of Icinga2's CA, on Sift's host") String caFile;
        @Option(names = "--insecure-tls", description = "icinga2: accept any certificate (first tries only)")
        boolean insecureTls;

        /** Missing settings are left out: Sift's 400 then names the field. */
        private Map<String, Object> icinga2Config() {
            String variable = passwordEnv == null ? "ICINGA2_PASSWORD" : passwordEnv;
            return icinga2ConfigOf(url, username, System.getenv(variable), caFile, insecureTls);
        }

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
            if ("icinga2".equals(kind)) {
                body.put("config", icinga2Config());
            }
            JsonNode i = client.post("/api/v1/integrations", body);
            if (!i.has("key")) { // icinga2: no key; Sift connects to it
                System.out.println("integration " + i.path("name").asText() + " (" + i.path("kind").asText()
                        + ") created; Sift connects to " + i.path("config").path("url").asText()
                        + " now (see `sift integrations list` for its health)");
                return;
            }
            System.out.println("integration " + i.path("name").asText() + " (" + i.path("kind").asText()
                    + ") created; its key, shown only this once:");
            System.out.println(i.path("key").asText());
        }
    }

    private static Map<String, Object> icinga2ConfigOf(String url, String username, String password, String caFile,
                                                       boolean insecureTls) {
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("url", url);
        config.put("username", username);
        config.put("password", password);
        if (caFile != null) {
            config.put("caFile", caFile);
        }
        if (insecureTls) {
            config.put("insecureTls", true);
        }
        return config;
    }

    @Command(name = "list", description = "List integrations.")
    static final class ListIntegrations extends ClientCommand {
        @Override
        void run(SiftClient client) {
            Table t = new Table("ID", "NAME", "KIND", "CREATED (UTC)", "BY", "CONNECTION");
            for (JsonNode i : client.get("/api/v1/integrations", Map.of()).path("items")) {
                t.row(i.path("id").asLong(), i.path("name").asText(), i.path("kind").asText(),
                        Show.time(i.path("createdAt")), i.path("createdBy").asText(), connection(i.path("health")));
            }
            t.print(System.out);
        }

        /** For integrations Sift connects to: connected or not, and the last error. */
        private static String connection(JsonNode health) {
            if (health.isMissingNode() || health.isNull()) {
                return "";
            }
            String state = health.path("connected").asBoolean() ? "connected" : "disconnected";
            return health.path("lastError").isTextual() ? state + "; last error: " + health.path("lastError").asText()
                    : state;
        }
    }
}
