package dev.sift.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import dev.sift.core.port.TicketSystems;
import dev.sift.http.Exchange;
import dev.sift.http.Fields;
import dev.sift.http.auth.Authenticator;
import dev.sift.http.problem.ApiException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ticket systems (issue #6): Request Tracker, Zammad or a webhook that each new incident gets a ticket in. Admin
 * only; secrets (tokens, passwords, signing keys) are accepted, stored encrypted and never shown again.
 */
public final class TicketSystemsApi {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Authenticator auth;
    private final TicketSystems systems;

    public TicketSystemsApi(Authenticator auth, TicketSystems systems) {
        this.auth = auth;
        this.systems = systems;
    }

    /** {@code POST /api/v1/ticket-systems} {@code {"name", "kind", "config"}} → 201 {@code {id, name, kind}}. */
    public void create(ServerRequest req, ServerResponse res) {
        User admin = auth.user(req, Role.ADMIN);
        JsonNode body = Fields.object(Exchange.jsonBody(req), "body");
        String name = Fields.requiredString(body, "name", "name");
        if (!NAME.matcher(name).matches()) {
            throw ApiException.invalidField("name", "must be 1-64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit; got '" + Fields.abbreviate(name) + "'");
        }
        String kind = Fields.requiredString(body, "kind", "kind");
        JsonNode config = body.get("config");
        if (config == null || !config.isObject()) {
            throw ApiException.invalidField("config", config == null ? "is required" : "must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = JSON.convertValue(config, Map.class);
        TicketSystems.TicketSystem created;
        try {
            created = systems.create(name, kind, settings, admin.username());
        } catch (TicketSystems.InvalidConfig e) {
            throw ApiException.invalidField(e.field(), e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", created.id());
        answer.put("name", created.name());
        answer.put("kind", created.kind());
        Exchange.json(res, 201, answer);
    }

    /** {@code GET /api/v1/ticket-systems}: each with its settings (no secrets) and health. */
    public void list(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.ADMIN);
        Exchange.json(res, 200, Views.page(systems.all().stream().map(TicketSystemsApi::view).toList(), null));
    }

    /** {@code GET /api/v1/ticket-policy}: what a ticket system does for which event, first matching row wins. */
    public void policy(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        Exchange.json(res, 200, Map.of("rules", systems.policy()));
    }

    /** For the incident detail. */
    public List<Map<String, Object>> ticketsOf(long incidentId) {
        return systems.ticketsOf(incidentId).stream().map(TicketSystemsApi::view).toList();
    }

    private static Map<String, Object> view(TicketSystems.TicketSystem s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("kind", s.kind());
        m.put("config", s.config());
        m.put("createdAt", text(s.createdAt()));
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("lastSuccessAt", text(s.lastSuccessAt()));
        health.put("lastErrorAt", text(s.lastErrorAt()));
        health.put("lastError", s.lastError());
        m.put("health", health);
        return m;
    }

    private static Map<String, Object> view(TicketSystems.ExternalTicket t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", t.system());
        m.put("kind", t.kind());
        m.put("id", t.id());
        m.put("url", t.url());
        m.put("status", t.status());
        m.put("owner", t.owner());
        m.put("syncedAt", text(t.syncedAt()));
        m.put("syncState", t.syncState());
        m.put("lastError", t.lastError());
        m.put("pendingDeliveries", t.pending());
        return m;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
