package dev.sift.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.integration.Integration;
import dev.sift.core.integration.IntegrationKind;
import dev.sift.core.people.ApiToken;
import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import dev.sift.core.port.Integrations;
import dev.sift.core.port.People;
import dev.sift.http.Exchange;
import dev.sift.http.Fields;
import dev.sift.http.auth.Authenticator;
import dev.sift.http.auth.Secrets;
import dev.sift.http.problem.ApiException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.regex.Pattern;

/** Integrations, users and personal API tokens. Secrets are shown once, in the answer that creates them. */
public final class AdminApi {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final Authenticator auth;
    private final People people;
    private final Integrations integrations;

    public AdminApi(Authenticator auth, People people, Integrations integrations) {
        this.auth = auth;
        this.people = people;
        this.integrations = integrations;
    }

    /** {@code POST /api/v1/integrations} {@code {"name", "kind"}} → 201 with the key, shown only this once. */
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
        String key = Secrets.newIntegrationKey();
        Integration created;
        try {
            created = integrations.create(name, kind, Secrets.hash(key), admin.username());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        Map<String, Object> answer = Views.integration(created);
        answer.put("key", key);
        Exchange.json(res, 201, answer);
    }

    /** {@code GET /api/v1/integrations}: without keys, which are never shown again. */
    public void listIntegrations(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        Exchange.json(res, 200, Views.page(integrations.all().stream().map(Views::integration).toList(), null));
    }

    /** {@code POST /api/v1/users} {@code {"username", "role"}} → 201. */
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
        try {
            Exchange.json(res, 201, Views.user(people.createUser(username, role)));
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
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
