package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "users", description = "Manage people and their API tokens.",
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.Token.class})
final class UsersCommand {
    @Command(name = "create", description = "Create a user (admin only).")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "USERNAME") String username;
        @Option(names = "--role", defaultValue = "responder", description = "admin, responder or viewer (default ${DEFAULT-VALUE})")
        String role;

        @Override
        void run(SiftClient client) {
            JsonNode u = client.post("/api/v1/users", Map.of("username", username, "role", role));
            System.out.println("created user " + u.path("username").asText() + " (" + u.path("role").asText() + ")");
        }
    }

    @Command(name = "list", description = "List users.")
    static final class ListUsers extends ClientCommand {
        @Override
        void run(SiftClient client) {
            Table t = new Table("USERNAME", "ROLE", "CREATED (UTC)");
            for (JsonNode u : client.get("/api/v1/users", Map.of()).path("items")) {
                t.row(u.path("username").asText(), u.path("role").asText(), Show.time(u.path("createdAt")));
            }
            t.print(System.out);
        }
    }

    @Command(name = "token", description = "Create a personal API token for a user (yourself, or anyone as admin).")
    static final class Token extends ClientCommand {
        @Parameters(paramLabel = "USERNAME") String username;
        @Option(names = "--name", defaultValue = "cli", description = "what the token is for") String name;

        @Override
        void run(SiftClient client) {
            JsonNode t = client.post("/api/v1/users/" + username + "/tokens", Map.of("name", name));
            System.out.println("token for " + username + " (shown only this once):");
            System.out.println(t.path("token").asText());
        }
    }
}
