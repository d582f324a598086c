package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "incidents", description = "List and act on incidents of a running Sift.",
        subcommands = {IncidentsCommand.ListIncidents.class, IncidentsCommand.ShowIncident.class,
                IncidentsCommand.Ack.class, IncidentsCommand.Assign.class, IncidentsCommand.Snooze.class,
                IncidentsCommand.Resolve.class, IncidentsCommand.Close.class, IncidentsCommand.Reopen.class,
                IncidentsCommand.Comment.class, IncidentsCommand.SetPriority.class, IncidentsCommand.Merge.class,
                IncidentsCommand.Move.class})
final class IncidentsCommand {

    @Command(name = "list", description = "Incidents, newest first (by default those not resolved or closed).")
    static final class ListIncidents extends ClientCommand {
        @Option(names = "--status", description = "comma-separated: triggered,acknowledged,snoozed,resolved,closed"
                + " (default: triggered,acknowledged,snoozed)")
        String status;
        @Option(names = "--all", description = "every status") boolean all;
        @Option(names = "--priority", description = "comma-separated, e.g. P1,P2") String priority;
        @Option(names = "--queue") String queue;
        @Option(names = "--assignee") String assignee;
        @Option(names = {"-q", "--query"}, description = "text in the title") String text;
        @Option(names = "--limit", defaultValue = "50") int limit;
        @Option(names = "--cursor", description = "the 'more' cursor of the previous page") String cursor;

        @Override
        void run(SiftClient client) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("status", all ? null : status == null ? "triggered,acknowledged,snoozed" : status);
            q.put("priority", priority);
            q.put("queue", queue);
            q.put("assignee", assignee);
            q.put("q", text);
            q.put("limit", Integer.toString(limit));
            q.put("cursor", cursor);
            Show.incidents(client.get("/api/v1/incidents", q), System.out);
        }
    }

    @Command(name = "show", description = "One incident with its alerts and timeline.")
    static final class ShowIncident extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "incident number, e.g. 42") String id;

        @Override
        void run(SiftClient client) {
            Show.incident(client.get("/api/v1/incidents/" + number(id), Map.of()), System.out);
        }
    }

    /** Shared shape of the action commands: post, then print the incident's new state. */
    abstract static class Act extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "incident number") String id;

        abstract String action();

        Map<String, Object> body() {
            return Map.of();
        }

        @Override
        void run(SiftClient client) {
            JsonNode i = client.post("/api/v1/incidents/" + number(id) + "/" + action(), body());
            System.out.println(i.path("number").asText() + " is " + i.path("status").asText()
                    + (i.path("assignee").isNull() ? "" : ", assigned to " + i.path("assignee").asText())
                    + ", priority " + i.path("priority").asText());
        }
    }

    @Command(name = "ack", aliases = "acknowledge", description = "Take an incident: you become its assignee.")
    static final class Ack extends Act {
        String action() { return "acknowledge"; }
    }

    @Command(name = "assign", description = "Assign an incident to a user.")
    static final class Assign extends Act {
        @Parameters(index = "1", paramLabel = "USER") String user;
        String action() { return "assign"; }
        Map<String, Object> body() { return Map.of("assignee", user); }
    }

    @Command(name = "snooze", description = "Pause an incident until a time or for a while; it comes back by itself.")
    static final class Snooze extends Act {
        @Option(names = "--for", description = "e.g. 30m, 4h, 1d") String duration;
        @Option(names = "--until", description = "RFC 3339 time, e.g. 2026-03-04T08:00:00Z") String until;
        String action() { return "snooze"; }
        Map<String, Object> body() {
            if ((duration == null) == (until == null)) {
                throw new SiftClient.Failure("give exactly one of --for DURATION or --until TIME");
            }
            return duration != null ? Map.of("duration", duration) : Map.of("until", until);
        }
    }

    /** Actions whose only input is an optional reason for the timeline. */
    abstract static class WithReason extends Act {
        @Option(names = "--reason", description = "why, for the timeline") String reason;
        Map<String, Object> body() { return reason == null ? Map.of() : Map.of("reason", reason); }
    }

    @Command(name = "resolve", description = "Mark an incident resolved.")
    static final class Resolve extends WithReason {
        String action() { return "resolve"; }
    }

    @Command(name = "close", description = "Close an incident.")
    static final class Close extends WithReason {
        String action() { return "close"; }
    }

    @Command(name = "reopen", description = "Reopen a resolved or closed incident.")
    static final class Reopen extends WithReason {
        String action() { return "reopen"; }
    }

    @Command(name = "comment", description = "Add a comment to an incident's timeline.")
    static final class Comment extends Act {
        @Parameters(index = "1", paramLabel = "TEXT") String text;
        String action() { return "comments"; }
        Map<String, Object> body() { return Map.of("text", text); }
    }

    @Command(name = "priority", description = "Set an incident's priority (P1..P5), or 'auto' to derive it from severity.")
    static final class SetPriority extends Act {
        @Parameters(index = "1", paramLabel = "PRIORITY") String priority;
        String action() { return "priority"; }
        Map<String, Object> body() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("priority", priority.equalsIgnoreCase("auto") ? null : priority.toUpperCase(java.util.Locale.ROOT));
            return m;
        }
    }

    /** Corrections of grouping: the answer is the incident the alerts went to. */
    abstract static class Correction extends WithReason {
        @Override
        void run(SiftClient client) {
            JsonNode i = client.post("/api/v1/incidents/" + number(id) + "/" + action(), body());
            System.out.println(done(i.path("number").asText()) + "; " + i.path("number").asText() + " is "
                    + i.path("status").asText() + " with " + i.path("alertCount").asText() + " alert"
                    + (i.path("alertCount").asInt() == 1 ? "" : "s") + ", priority " + i.path("priority").asText());
        }

        abstract String done(String target);
    }

    @Command(name = "merge", description = "Merge an incident into another: all its alerts move there, and it is"
            + " closed as merged. Grouping learns that these alerts belong together.")
    static final class Merge extends Correction {
        @Option(names = "--into", required = true, paramLabel = "N", description = "the open incident to merge into")
        String into;
        String action() { return "merge"; }
        Map<String, Object> body() {
            Map<String, Object> m = new LinkedHashMap<>(super.body());
            m.put("into", id(into, "--into"));
            return m;
        }
        String done(String target) { return "#" + number(id) + " merged into " + target; }
    }

    @Command(name = "move", description = "Move one alert of an incident into another incident, or without --into"
            + " split it off into a new incident of its own. Grouping learns that it does not belong with the rest.")
    static final class Move extends Correction {
        @Option(names = "--alert", required = true, paramLabel = "ALERT", description = "the alert's id (see"
                + " 'incidents show')") String alert;
        @Option(names = "--into", paramLabel = "N", description = "the open incident to move it into; without it,"
                + " a new incident") String into;
        String action() { return "move"; }
        Map<String, Object> body() {
            Map<String, Object> m = new LinkedHashMap<>(super.body());
            m.put("alert", id(alert, "--alert"));
            m.put("into", into == null ? null : id(into, "--into"));
            return m;
        }
        String done(String target) {
            return "alert " + alert + (into == null ? " split off into " : " moved to ") + target;
        }
    }

    private static long id(String value, String option) {
        try {
            long n = Long.parseLong(number(value.strip()));
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the same answer as below
        }
        throw new SiftClient.Failure(option + " must be a number such as 42, got '" + value + "'");
    }

    static String number(String id) {
        return id.startsWith("#") ? id.substring(1) : id;
    }
}
