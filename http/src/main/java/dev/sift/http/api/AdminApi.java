package dev.sift.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.engine.Command;
import dev.sift.core.integration.Icinga2Connection;
import dev.sift.core.integration.Integration;
import dev.sift.core.integration.IntegrationKind;
import dev.sift.core.people.ApiToken;
import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import dev.sift.core.time.Durations;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.port.Integrations;
import dev.sift.core.port.People;
import dev.sift.core.port.WebSessions;
import dev.sift.core.port.SourceConnections;
import dev.sift.http.Exchange;
import dev.sift.http.Fields;
import dev.sift.http.auth.Authenticator;
import dev.sift.http.auth.Passwords;
import dev.sift.http.auth.Secrets;
import dev.sift.http.problem.ApiException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Integrations, users and personal API tokens. Secrets are shown once, in the answer that creates them. */
public final class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** How late a heartbeat's ping may be by default: Alertmanager's webhook retries take some seconds. */
    private static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);

    private final Authenticator auth;
    private final People people;
    private final Integrations integrations;
    private final CommandQueue queue;
    private final WebSessions passwords;
    private final SourceConnections connections;

    public AdminApi(Authenticator auth, People people, Integrations integrations, CommandQueue queue,
                    WebSessions passwords, SourceConnections connections) {
        this.auth = auth;
        this.people = people;
        this.integrations = integrations;
        this.queue = queue;
        this.passwords = passwords;
        this.connections = connections;
    }

    /**
     * {@code POST /api/v1/integrations} {@code {"name", "kind"}} → 201 with the key, shown only this once. A heartbeat
     * also takes {@code interval} and optional {@code grace} (default 1m); the engine watches it
     * from now on. An icinga2 integration takes {@code config} instead, has no key to show, and is connected to at
     * once; its answer shows the config without the password, and the connection's health.
     */
    public void createIntegration(ServerRequest req, ServerResponse res) {
        User admin = auth.user(req, Role.ADMIN);
        JsonNode body = Fields.object(Exchange.jsonBody(req), "body");
        String name = name(body, "name");
        String kindText = Fields.requiredString(body, "kind", "kind");
        IntegrationKind kind;
        try {
            kind = IntegrationKind.fromWireName(kindText);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("kind", e.getMessage());
        }
        Duration interval = kind == IntegrationKind.HEARTBEAT ? duration(body, "interval", null) : null;
        Duration grace = kind == IntegrationKind.HEARTBEAT ? duration(body, "grace", DEFAULT_GRACE) : null;
        if (kind != IntegrationKind.HEARTBEAT) {
            for (String field : new String[] {"interval", "grace"}) {
                if (body.has(field)) {
                    throw ApiException.invalidField(field, "only an integration of kind heartbeat has an " + field);
                }
            }
        }
        Icinga2Connection connection = kind == IntegrationKind.ICINGA2
                ? Icinga2Settings.read(body.get("config")) : null;
        if (kind != IntegrationKind.ICINGA2 && body.has("config")) {
            throw ApiException.invalidField("config", "only an integration of kind icinga2 has a config");
        }
        // An icinga2 integration opens no endpoint: its key is made only because every integration has one, and
        // is never shown.
        String key = Secrets.newIntegrationKey();
        Integration created;
        try {
            created = switch (kind) {
                case HEARTBEAT -> integrations.createHeartbeat(name, Secrets.hash(key), admin.username(), interval,
                        grace);
                case ICINGA2 -> integrations.createIcinga2(name, Secrets.hash(key), admin.username(), connection);
                default -> integrations.create(name, kind, Secrets.hash(key), admin.username());
            };
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        if (kind == IntegrationKind.HEARTBEAT) {
            watch(created);
        }
        Map<String, Object> answer;
        if (kind == IntegrationKind.ICINGA2) {
            connections.connect(created);
            answer = withConnection(created);
        } else {
            answer = Views.integration(created);
            answer.put("key", key);
        }
        Exchange.json(res, 201, answer);
    }

    /** An icinga2 integration with its connection settings (never the password) and how the connection is. */
    private Map<String, Object> withConnection(Integration i) {
        Map<String, Object> m = Views.integration(i);
        integrations.icinga2Connection(i.id()).ifPresent(c -> m.put("config", Icinga2Settings.view(c)));
        m.put("health", connections.health(i.id()).map(Views::health).orElse(null));
        return m;
    }

    /**
     * The engine starts watching a new heartbeat now, so that one that never pings is missed too. The key is shown
     * only in this answer, so a failure here must not fail the request: the engine learns of the heartbeat at its
     * first ping, or from the database when it (re)loads its state.
     */
    private void watch(Integration created) {
        try {
            queue.submit(List.of(new Command.WatchHeartbeat(created.id(), created.name(), created.heartbeatInterval(),
                    created.heartbeatGrace())), null).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("heartbeat '{}' is watched from its first ping or the next start: {}", created.name(),
                    e.toString());
        }
    }

    /** A duration such as {@code 5m}, at least one second; {@code fallback} when absent (null: required). */
    private static Duration duration(JsonNode body, String field, Duration fallback) {
        String text = fallback == null ? Fields.requiredString(body, field, field)
                : Fields.optionalString(body, field, field);
        if (text == null) {
            return fallback;
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, e.getMessage());
        }
        if (field.equals("interval") && d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw ApiException.invalidField(field, "must be at least 1s, got '" + Fields.abbreviate(text) + "'");
        }
        return d;
    }

    /** {@code GET /api/v1/integrations}: without keys, which are never shown again. */
    public void listIntegrations(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        Exchange.json(res, 200, Views.page(integrations.all().stream()
                .map(i -> i.kind() == IntegrationKind.ICINGA2 ? withConnection(i) : Views.integration(i))
                .toList(), null));
    }

    /**
     * {@code POST /api/v1/users} {@code {"username", "role", "password"}} → 201. The password is optional (without
     * one the user has API tokens only), stored as a slow hash and never shown again.
     */
    public void createUser(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.ADMIN);
        JsonNode body = Fields.object(Exchange.jsonBody(req), "body");
        String username = name(body, "username");
        String roleText = Fields.optionalString(body, "role", "role");
        Role role;
        try {
            role = roleText == null ? Role.RESPONDER : Role.fromWireName(roleText);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("role", e.getMessage());
        }
        String password = Fields.optionalString(body, "password", "password");
        if (password != null && Passwords.problem(password) != null) {
            throw ApiException.invalidField("password", Passwords.problem(password));
        }
        User created;
        try {
            created = people.createUser(username, role);
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        if (password != null) {
            passwords.setPasswordHash(username, Passwords.hash(password));
        }
        Exchange.json(res, 201, Views.user(created));
    }

    /**
     * {@code POST /api/v1/users/{username}/password} {@code {"password"}}: for oneself, or by an admin for anyone
     * (such as the first admin, who starts with a token only). Answers the user, never the password.
     */
    public void setPassword(ServerRequest req, ServerResponse res) {
        String username = ownerOrAdmin(req);
        JsonNode body = Fields.object(Exchange.jsonBody(req), "body");
        String password = Fields.requiredString(body, "password", "password");
        if (Passwords.problem(password) != null) {
            throw ApiException.invalidField("password", Passwords.problem(password));
        }
        passwords.setPasswordHash(username, Passwords.hash(password));
        Exchange.json(res, 200, Views.user(people.findUser(username).orElseThrow()));
    }

    /** {@code GET /api/v1/users}. */
    public void listUsers(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        Exchange.json(res, 200, Views.page(people.users().stream().map(Views::user).toList(), null));
    }

    /** {@code GET /api/v1/me}: who this token belongs to. */
    public void me(ServerRequest req, ServerResponse res) {
        Exchange.json(res, 200, Views.user(auth.user(req, Role.VIEWER)));
    }

    /** {@code POST /api/v1/users/{username}/tokens} {@code {"name"}}: for oneself, or by an admin for anyone. */
    public void createToken(ServerRequest req, ServerResponse res) {
        String username = ownerOrAdmin(req);
        JsonNode body = Fields.object(Exchange.optionalJsonBody(req), "body");
        String name = Fields.optionalString(body, "name", "name");
        if (name == null || name.isBlank()) {
            name = "token";
        }
        if (name.length() > 100) {
            throw ApiException.invalidField("name", "is longer than 100 characters");
        }
        String token = Secrets.newUserToken();
        ApiToken created = people.addToken(username, name, Secrets.hash(token));
        Map<String, Object> answer = Views.token(created);
        answer.put("token", token);
        Exchange.json(res, 201, answer);
    }

    /** {@code GET /api/v1/users/{username}/tokens}: metadata only. */
    public void listTokens(ServerRequest req, ServerResponse res) {
        String username = ownerOrAdmin(req);
        Exchange.json(res, 200, Views.page(people.tokens(username).stream().map(Views::token).toList(), null));
    }

    private String ownerOrAdmin(ServerRequest req) {
        User caller = auth.user(req, Role.VIEWER);
        String username = req.path().pathParameters().get("username");
        if (!caller.username().equals(username) && !caller.role().allows(Role.ADMIN)) {
            throw ApiException.forbidden("only an admin can manage another user's tokens");
        }
        if (people.findUser(username).isEmpty()) {
            throw ApiException.notFound("no user named '" + Fields.abbreviate(username) + "'");
        }
        return username;
    }

    private static String name(JsonNode body, String field) {
        String value = Fields.requiredString(body, field, field);
        if (!NAME.matcher(value).matches()) {
            throw ApiException.invalidField(field, "must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting"
                    + " with a letter or digit; got '" + Fields.abbreviate(value) + "'");
        }
        return value;
    }
}
