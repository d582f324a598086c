package dev.sift.http.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.alert.Source;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Outcome;
import dev.sift.core.integration.Integration;
import dev.sift.core.integration.IntegrationKind;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.signal.RawSignal;
import dev.sift.http.Exchange;
import dev.sift.http.Json;
import dev.sift.http.auth.Authenticator;
import dev.sift.http.problem.ApiException;
import dev.sift.http.problem.DatabaseUnreachable;
import dev.sift.http.problem.Problems;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two ingest endpoints. A 2xx is sent only after the signals' effects are committed. When Sift cannot take
 * more, each endpoint refuses the way its senders retry: 503 for Alertmanager (it drops alerts on any 4xx but
 * retries 5xx), 429 for PagerDuty-style senders. When nothing can be committed (the database is unavailable), both
 * answer 503. Every refusal carries Retry-After and is counted with its reason.
 */
public final class IngestRoutes {
    private static final int RETRY_AFTER_SECONDS = 5;
    private static final long COMMIT_WAIT_SECONDS = 30;
    /** A full disk is not fixed in seconds: senders need not knock every five. */
    private static final int REFUSAL_RETRY_AFTER_SECONDS = 60;
    private static final String QUEUE_FULL = "queue_full";

    private final Authenticator auth;
    private final CommandQueue queue;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Supplier<Optional<String>> refusal;

    /** {@code refusal} says why ingest must be refused now (such as a nearly full disk), or is empty. */
    public IngestRoutes(Authenticator auth, CommandQueue queue, IngestMetrics metrics, Clock clock,
                        Supplier<Optional<String>> refusal) {
        this.auth = auth;
        this.queue = queue;
        this.metrics = metrics;
        this.clock = clock;
        this.refusal = refusal;
    }

    /** {@code POST /api/v1/integrations/alertmanager}. */
    public void alertmanager(ServerRequest req, ServerResponse res) {
        long started = System.nanoTime();
        try {
            Integration integration = auth.integrationFromBearer(req, IntegrationKind.ALERTMANAGER);
            Exchange.requireJson(req);
            byte[] bytes = Exchange.body(req, Exchange.MAX_BODY_BYTES);
            JsonNode body = Json.parse(bytes);
            Instant now = clock.instant();
            List<Command> commands = AlertmanagerPayload.toCommands(body, integration, now);
            List<Outcome> outcomes = commit(commands, raw(Source.ALERTMANAGER, integration, now, bytes, commands), 503);
            metrics.outcomes("alertmanager", outcomes);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "success");
            answer.put("alerts", outcomes.size());
            answer.put("incidents", outcomes.stream().filter(o -> o instanceof Outcome.Ingested i && i.incidentId() > 0)
                    .map(o -> ((Outcome.Ingested) o).incidentId()).distinct().toList());
            Exchange.json(res, 200, answer);
            metrics.latency("alertmanager", Duration.ofNanos(System.nanoTime() - started));
        } catch (ApiException e) {
            metrics.refused("alertmanager", reason(e));
            Problems.send(res, e);
        }
    }

    /** {@code POST /v2/enqueue}, answered in PagerDuty's shapes. */
    public void events(ServerRequest req, ServerResponse res) {
        long started = System.nanoTime();
        try {
            Exchange.requireJson(req);
            byte[] bytes = Exchange.body(req, PagerDutyEvent.MAX_BODY_BYTES); // PagerDuty's own limit: 512 KB
            PagerDutyEvent.Parsed event = PagerDutyEvent.parse(Json.parse(bytes));
            Integration integration = auth.integration(event.routingKey(), IntegrationKind.EVENTS, "routing_key");
            List<Command> commands = List.of(PagerDutyEvent.toCommand(event, integration));
            List<Outcome> outcomes = commit(commands, raw(Source.EVENTS, integration, clock.instant(), bytes, commands),
                    429);
            metrics.outcomes("events", outcomes);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "success");
            answer.put("message", "Event processed");
            answer.put("dedup_key", event.dedupKey());
            Exchange.json(res, 202, answer);
            metrics.latency("events", Duration.ofNanos(System.nanoTime() - started));
        } catch (PagerDutyEvent.Invalid e) {
            metrics.refused("events", "invalid");
            invalidEvent(res, 400, e.errors());
        } catch (ApiException e) {
            metrics.refused("events", reason(e));
            int status = e.status() == 401 || e.status() == 403 ? 400 : e.status();
            if (status == 400 || status == 413 || status == 415) {
                invalidEvent(res, status, List.of(e.getMessage()));
            } else {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", e.title());
                body.put("message", e.getMessage());
                Problems.send(res, e, body);
            }
        }
    }

    /**
     * {@code POST /api/v1/heartbeats/ping}, the key of a heartbeat integration as bearer token. Any body (such as
     * Alertmanager's webhook JSON for its Watchdog alert) is accepted and not kept: the request itself is the sign of
     * life. Answers 200 once the ping is committed (with when the next one is due), so a sender that gets an error
     * knows that Sift did not take it.
     */
    public void heartbeat(ServerRequest req, ServerResponse res) {
        try {
            Integration integration = auth.integrationFromBearer(req, IntegrationKind.HEARTBEAT);
            Exchange.body(req, Exchange.MAX_BODY_BYTES); // read and dropped: its content does not matter
            List<Outcome> outcomes = commit(List.of(new Command.Ping(integration.id(), integration.name(),
                    integration.heartbeatInterval(), integration.heartbeatGrace())), null, 503);
            metrics.outcomes("heartbeat", outcomes);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "success");
            answer.put("heartbeat", integration.name());
            if (outcomes.getFirst() instanceof Outcome.HeartbeatSeen seen) {
                answer.put("nextDueAt", seen.heartbeat().dueAt().toString());
                answer.put("resolvedIncident", seen.resolvedIncidentId() == 0 ? null : seen.resolvedIncidentId());
            }
            Exchange.json(res, 200, answer);
        } catch (ApiException e) {
            metrics.refused("heartbeat", reason(e));
            Problems.send(res, e);
        }
    }

    /** PagerDuty answers a bad routing key, like any invalid event, with 400 and its error object. */
    private static void invalidEvent(ServerResponse res, int status, List<String> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "invalid event");
        body.put("message", "Event object is invalid");
        body.put("errors", errors);
        Exchange.json(res, status, body);
    }

    /** The body as text: it parsed as JSON, so it is valid UTF-8. */
    private static RawSignal raw(Source source, Integration integration, Instant now, byte[] body,
                                 List<Command> commands) {
        return new RawSignal(source, integration.id(), now, new String(body, StandardCharsets.UTF_8), commands.size());
    }

    private List<Outcome> commit(List<Command> commands, RawSignal raw, int overloadStatus) {
        if (commands.isEmpty()) {
            return List.of();
        }
        Optional<String> refused = refusal.get();
        if (refused.isPresent()) {
            throw ApiException.unavailable(503, "disk_full", "Sift refuses ingest: " + refused.get()
                    + "; nothing was stored, retry later", REFUSAL_RETRY_AFTER_SECONDS);
        }
        try {
            return queue.submit(commands, raw).get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (CommandQueue.Overloaded e) {
            throw ApiException.unavailable(overloadStatus, QUEUE_FULL, "Sift is at capacity: " + e.getMessage()
                    + "; nothing was stored, retry later", RETRY_AFTER_SECONDS);
        } catch (CommandQueue.Unavailable e) {
            throw notCommitted(e);
        } catch (ExecutionException e) {
            throw notCommitted(e.getCause());
        } catch (TimeoutException e) {
            throw ApiException.unavailable(503, "commit_timeout", "the signals were not committed within "
                    + COMMIT_WAIT_SECONDS + " s; retry later", RETRY_AFTER_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(503, "shutting_down", "Sift is shutting down; retry later",
                    RETRY_AFTER_SECONDS);
        }
    }

    /**
     * The writer refused or failed the request's batch. Always 503, also for PagerDuty-style senders: this is no
     * rate limit, and they retry 5xx too.
     */
    private static ApiException notCommitted(Throwable cause) {
        String reason = cause instanceof CommandQueue.Unavailable u ? u.reason()
                : DatabaseUnreachable.isCause(cause) ? DatabaseUnreachable.REASON : "commit_failed";
        return ApiException.unavailable(503, reason, "the signals could not be committed: " + rootMessage(cause)
                + "; retry later", RETRY_AFTER_SECONDS);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static String reason(ApiException e) {
        if (e.reason() != null) {
            return e.reason();
        }
        return switch (e.status()) {
            case 401, 403 -> "auth";
            case 413 -> "too_large";
            case 415 -> "media_type";
            case 429, 503 -> "unavailable";
            default -> "invalid";
        };
    }
}
