package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "users", description = "Manage people and their API tokens.",
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.Token.class,
                UsersCommand.Password.class})
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

    @Command(name = "password", description = "Set the password a user signs in to the web UI with (yourself, or"
            + " anyone as admin). Reads it from the terminal without echo, or as one line from standard input.")
    static final class Password extends ClientCommand {
        @Parameters(paramLabel = "USERNAME") String username;

        @Override
        void run(SiftClient client) {
            String password = readPassword();
            client.post("/api/v1/users/" + username + "/password", Map.of("password", password));
            System.out.println("password set for " + username);
        }

        /** Never from an option: a command line is visible to every user of the machine and lands in history. */
        private static String readPassword() {
            if (System.console() != null) {
                char[] typed = System.console().readPassword("password: ");
                return typed == null ? "" : new String(typed);
            }
            try {
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
                return line == null ? "" : line;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
