package dev.sift.http.api;

import static dev.sift.http.Exchange.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.alert.AlertStatus;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Outcome;
import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.port.IncidentQueries;
import dev.sift.core.port.People;
import dev.sift.core.query.AlertFilter;
import dev.sift.core.query.IncidentFilter;
import dev.sift.core.time.Durations;
import dev.sift.core.workflow.Action;
import dev.sift.http.Exchange;
import dev.sift.http.Fields;
import dev.sift.http.auth.Authenticator;
import dev.sift.http.problem.ApiException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Incidents and alerts: reads straight from PostgreSQL, actions through the single writer. */
public final class IncidentsApi {
    private static final int DEFAULT_LIMIT = 50;
    private static final Duration MAX_SNOOZE = Duration.ofDays(365);

    private final Authenticator auth;
    private final IncidentQueries queries;
    private final CommandQueue queue;
    private final People people;
    private final Clock clock;

    /** The incident's tickets in external systems (issue #6); set once at wiring. */
    private volatile TicketSystemsApi tickets;

    public void showTickets(TicketSystemsApi tickets) {
        this.tickets = tickets;
    }

    public IncidentsApi(Authenticator auth, IncidentQueries queries, CommandQueue queue, People people, Clock clock) {
        this.auth = auth;
        this.queries = queries;
        this.queue = queue;
        this.people = people;
        this.clock = clock;
    }

    /** {@code GET /api/v1/incidents?status=&priority=&queue=&assignee=&q=&limit=&cursor=}. */
    public void list(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        var filter = new IncidentFilter(
                enumSet(query(req, "status"), "status", IncidentStatus::fromWireName),
                enumSet(query(req, "priority"), "priority", Priority::fromWireName),
                query(req, "queue"), query(req, "assignee"), query(req, "q"), limit(req), query(req, "cursor"));
        var page = withCursorCheck(() -> queries.incidents(filter));
        Instant now = clock.instant();
        Exchange.json(res, 200, Views.page(page.items().stream().map(i -> Views.incident(i, now)).toList(),
                page.next()));
    }

    /** {@code GET /api/v1/incidents/{id}}. */
    public void get(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        long id = Exchange.idParameter(req, "id");
        var detail = queries.incident(id).orElseThrow(() -> ApiException.notFound("no incident #" + id));
        var view = Views.incident(detail, clock.instant());
        view.put("externalTickets", tickets == null ? List.of() : tickets.ticketsOf(id));
        Exchange.json(res, 200, view);
    }

    /** {@code GET /api/v1/alerts?status=firing|resolved|silenced|inhibited|pending&q=&limit=&cursor=}. */
    public void alerts(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        String status = query(req, "status");
        AlertStatus alertStatus = null;
        boolean silenced = "silenced".equals(status); // firing, and kept out of any incident by a silence
        boolean inhibited = "inhibited".equals(status); // firing, attached to the inhibiting alert's incident
        boolean pending = "pending".equals(status); // firing, held back by a transient rule in no incident
        if (status != null && !silenced && !inhibited && !pending) {
            if (!status.equals("firing") && !status.equals("resolved")) {
                throw ApiException.badRequest("invalid parameter", "status must be 'firing', 'resolved',"
                        + " 'silenced', 'inhibited' or 'pending', got '" + Fields.abbreviate(status) + "'", "status");
            }
            alertStatus = status.equals("firing") ? AlertStatus.FIRING : AlertStatus.RESOLVED;
        }
        var filter = new AlertFilter(alertStatus, silenced, inhibited, pending, query(req, "q"), limit(req),
                query(req, "cursor"));
        var page = withCursorCheck(() -> queries.alerts(filter));
        Exchange.json(res, 200, Views.page(page.items().stream().map(Views::alert).toList(), page.next()));
    }

    /**
     * {@code POST /api/v1/incidents/{id}/{action}}: answers the incident as it is after the commit; for a merge or a
     * move, the incident the alerts went to.
     */
    public void act(ServerRequest req, ServerResponse res) {
        User user = auth.user(req, Role.RESPONDER);
        long id = Exchange.idParameter(req, "id");
        String name = req.path().pathParameters().get("action");
        JsonNode body = Exchange.optionalJsonBody(req);
        Action action = action(name, body);
        Outcome outcome = submit(new Command.Act(id, user.username(), action));
        if (outcome instanceof Outcome.Rejected r) {
            throw switch (r.reason()) {
                // an incident named in the body that does not exist is a bad field, not a missing resource
                case NOT_FOUND -> r.field() == null ? ApiException.notFound(r.message())
                        : ApiException.invalidField(r.field(), r.message());
                case CONFLICT -> new ApiException(409, "conflict", r.message(), r.field(), null);
                case INVALID -> ApiException.badRequest("invalid action", r.message(), r.field());
            };
        }
        long shown = outcome instanceof Outcome.Acted acted && (action instanceof Action.Merge
                || action instanceof Action.Move) ? acted.incidentId() : id;
        var detail = queries.incident(shown).orElseThrow(() -> ApiException.notFound("no incident #" + shown));
        var view = Views.incident(detail, clock.instant());
        view.put("externalTickets", tickets == null ? List.of() : tickets.ticketsOf(shown));
        Exchange.json(res, 200, view);
    }

    private Action action(String name, JsonNode body) {
        return switch (name) {
            case "acknowledge" -> new Action.Acknowledge();
            case "assign" -> {
                String assignee = Fields.requiredString(body, "assignee", "assignee");
                if (people.findUser(assignee).isEmpty()) {
                    throw ApiException.invalidField("assignee", "no user named '" + Fields.abbreviate(assignee) + "'");
                }
                yield new Action.Assign(assignee);
            }
            case "snooze" -> new Action.Snooze(snoozeUntil(body));
            case "resolve" -> new Action.Resolve(Fields.optionalString(body, "reason", "reason"));
            case "close" -> new Action.Close(Fields.optionalString(body, "reason", "reason"));
            case "reopen" -> new Action.Reopen(Fields.optionalString(body, "reason", "reason"));
            case "comments", "comment" -> {
                String text = Fields.requiredString(body, "text", "text");
                if (text.isBlank()) {
                    throw ApiException.invalidField("text", "must not be empty");
                }
                if (text.length() > 65_536) {
                    throw ApiException.invalidField("text", "is longer than 65536 characters");
                }
                yield new Action.Comment(text);
            }
            case "priority" -> {
                String p = Fields.optionalString(body, "priority", "priority");
                try {
                    yield new Action.SetPriority(p == null ? null : Priority.fromWireName(p));
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalidField("priority", e.getMessage());
                }
            }
            case "merge" -> new Action.Merge(Fields.requiredId(body, "into", "into"),
                    reason(body));
            case "move" -> {
                long alert = Fields.requiredId(body, "alert", "alert");
                if (!body.has("into")) { // null splits it off; absent is more likely a mistake
                    throw ApiException.invalidField("into", "is required: the incident to move the alert into, or"
                            + " null to split it off into a new incident");
                }
                yield new Action.Move(alert, Fields.optionalId(body, "into", "into"), reason(body));
            }
            default -> throw ApiException.notFound("no action '" + Fields.abbreviate(name) + "'; expected one of"
                    + " acknowledge, assign, snooze, resolve, close, reopen, comments, priority, merge, move");
        };
    }

    private static String reason(JsonNode body) {
        String reason = Fields.optionalString(body, "reason", "reason");
        if (reason != null && reason.length() > 4096) {
            throw ApiException.invalidField("reason", "is longer than 4096 characters");
        }
        return reason;
    }

    /** {@code {"until": "<RFC 3339>"}} or {@code {"duration": "2h"}}. */
    private Instant snoozeUntil(JsonNode body) {
        Instant until = Fields.optionalInstant(body, "until", "until");
        String duration = Fields.optionalString(body, "duration", "duration");
        if ((until == null) == (duration == null)) {
            throw ApiException.badRequest("invalid field", "give exactly one of 'until' (an RFC 3339 time) or"
                    + " 'duration' (such as 30m, 4h, 1d)", until == null ? "until" : "duration");
        }
        if (until != null) {
            return until;
        }
        try {
            Duration d = Durations.parse(duration);
            if (d.isZero()) {
                throw new IllegalArgumentException("duration must be longer than 0s");
            }
            if (d.compareTo(MAX_SNOOZE) > 0) {
                throw new IllegalArgumentException("snooze for at most 365d; close the incident instead");
            }
            return clock.instant().plus(d);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("duration", e.getMessage());
        }
    }

    private Outcome submit(Command command) {
        return Submit.one(queue, command);
    }

    private static <T> T withCursorCheck(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid parameter", e.getMessage(), "cursor");
        }
    }

    static int limit(ServerRequest req) {
        String raw = query(req, "limit");
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1) {
                return Math.min(n, IncidentFilter.MAX_LIMIT);
            }
        } catch (NumberFormatException ignored) {
            // same answer as below
        }
        throw ApiException.badRequest("invalid parameter", "limit must be a whole number from 1 to "
                + IncidentFilter.MAX_LIMIT + " (larger values are clamped), got '" + Fields.abbreviate(raw) + "'",
                "limit");
    }

    private static <E> Set<E> enumSet(String raw, String name, Function<String, E> parse) {
        Set<E> out = new LinkedHashSet<>();
        if (raw == null) {
            return out;
        }
        for (String part : raw.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(parse.apply(part.strip()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid parameter", name + ": " + e.getMessage(), name);
            }
        }
        return out;
    }
}
