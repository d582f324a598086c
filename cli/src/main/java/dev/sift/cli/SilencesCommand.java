package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "silences", description = "Mute alerts for a while: they are recorded, but open no incident.",
        subcommands = {SilencesCommand.Create.class, SilencesCommand.ListSilences.class, SilencesCommand.Expire.class})
final class SilencesCommand {
    @Command(name = "create", description = "Create a silence; prints its id.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "MATCHER", arity = "1..*",
                description = "Alertmanager matchers that must all match, e.g. 'team=\"db\"' 'alertname=~\"Disk.*\"'")
        List<String> matchers;
        @Option(names = "--for", description = "how long, e.g. 2h (default 1h unless --until)") String duration;
        @Option(names = "--until", description = "RFC 3339 end time instead of --for") String until;
        @Option(names = "--from", description = "RFC 3339 start time (default now)") String from;
        @Option(names = {"-c", "--comment"}, required = true, description = "why (shown with the silenced alerts)")
        String comment;

        @Override
        void run(SiftClient client) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("matchers", matchers);
            if (from != null) {
                body.put("startsAt", from);
            }
            if (until != null) {
                body.put("endsAt", until);
            }
            if (duration != null || until == null) {
                body.put("duration", duration == null ? "1h" : duration);
            }
            body.put("comment", comment);
            JsonNode s = client.post("/api/v1/silences", body);
            System.out.println("silence " + s.path("id").asLong() + " " + s.path("state").asText() + " from "
                    + Show.time(s.path("startsAt")) + " until " + Show.time(s.path("endsAt")) + " UTC: "
                    + String.join(", ", matchersOf(s)));
        }
    }

    @Command(name = "list", description = "List silences, newest first.")
    static final class ListSilences extends ClientCommand {
        @Option(names = "--state", description = "pending, active or expired (default: all)") String state;
        @Option(names = "--limit", defaultValue = "50") int limit;

        @Override
        void run(SiftClient client) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("state", state);
            q.put("limit", Integer.toString(limit));
            Table t = new Table("ID", "STATE", "MATCHERS", "STARTS (UTC)", "ENDS (UTC)", "BY", "COMMENT")
                    .maxWidth(2, 50).maxWidth(6, 40);
            for (JsonNode s : client.get("/api/v1/silences", q).path("items")) {
                t.row(s.path("id").asLong(), s.path("state").asText(), String.join(", ", matchersOf(s)),
                        Show.time(s.path("startsAt")), Show.time(s.path("endsAt")), s.path("createdBy").asText(),
                        s.path("comment").asText());
            }
            if (t.isEmpty()) {
                System.out.println("no silences");
            } else {
                t.print(System.out);
            }
        }
    }

    @Command(name = "expire", description = "End a silence now; alerts it muted that still fire open incidents.")
    static final class Expire extends ClientCommand {
        @Parameters(paramLabel = "ID") long id;

        @Override
        void run(SiftClient client) {
            JsonNode s = client.delete("/api/v1/silences/" + id);
            System.out.println("silence " + s.path("id").asLong() + " expired at " + Show.time(s.path("endsAt"))
                    + " UTC");
        }
    }

    static List<String> matchersOf(JsonNode silence) {
        return java.util.stream.StreamSupport.stream(silence.path("matchers").spliterator(), false)
                .map(JsonNode::asText).toList();
    }
}
