package dev.sift.http.auth;

import dev.sift.core.integration.Integration;
import dev.sift.core.integration.IntegrationKind;
import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import dev.sift.core.port.Integrations;
import dev.sift.core.port.People;
import dev.sift.http.problem.ApiException;
import dev.sift.http.problem.DatabaseUnreachable;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Who is calling: a person with a role (API), or an integration of a given kind (ingest). */
public final class Authenticator {
    private final People people;
    private final Integrations integrations;
    /** Integrations are never deleted, so a key once found stays valid: ingest needs no query per request. */
    private final ConcurrentHashMap<String, Integration> integrationsByHash = new ConcurrentHashMap<>();

    public Authenticator(People people, Integrations integrations) {
        this.people = people;
        this.integrations = integrations;
    }

    /** The user behind the bearer token, who must have at least {@code needed}. */
    public User user(ServerRequest req, Role needed) {
        String token = bearer(req).orElseThrow(() -> ApiException.unauthorized(
                "missing credentials: send 'Authorization: Bearer <token>' with a personal API token"));
        User user = people.findByTokenHash(Secrets.hash(token)).orElseThrow(() -> {
            boolean integrationKey = findIntegration(token).isPresent();
            return ApiException.unauthorized(integrationKey
                    ? "this is an integration key; the API needs a personal API token"
                    : "unknown or revoked API token");
        });
        if (!user.role().allows(needed)) {
            throw ApiException.forbidden("user '" + user.username() + "' has role " + user.role().wireName()
                    + "; this needs " + needed.wireName());
        }
        return user;
    }

    /** The integration whose key is the bearer token; it must be of {@code kind}. */
    public Integration integrationFromBearer(ServerRequest req, IntegrationKind kind) {
        String key = bearer(req).orElseThrow(() -> ApiException.unauthorized(
                "missing credentials: send 'Authorization: Bearer <integration key>'"
                        + " (Alertmanager: http_config.authorization.credentials)"));
        return integration(key, kind, "bearer token");
    }

    /** The integration with this key, which must be of {@code kind}; {@code where} names where the key came from. */
    public Integration integration(String key, IntegrationKind kind, String where) {
        Integration found = findIntegration(key).orElseThrow(() -> ApiException.unauthorized(
                "unknown integration key in " + where));
        if (found.kind() != kind) {
            throw ApiException.forbidden("the key in " + where + " belongs to integration '" + found.name()
                    + "' of kind " + found.kind().wireName() + "; it works only on " + switch (found.kind()) {
                        case EVENTS -> "POST /v2/enqueue (as routing_key)";
                        case ALERTMANAGER -> "POST /api/v1/integrations/alertmanager (as bearer token)";
                        case HEARTBEAT -> "POST /api/v1/heartbeats/ping (as bearer token)";
                        case ICINGA2 -> "no endpoint: Sift subscribes to Icinga2's event stream itself";
                    });
        }
        return found;
    }

    private Optional<Integration> findIntegration(String key) {
        String hash = Secrets.hash(key);
        Integration cached = integrationsByHash.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Integration> found;
        try {
            found = integrations.findByKeyHash(hash);
        } catch (RuntimeException e) {
            // A sender must be told to retry, not that its key is wrong or that Sift has a bug.
            throw DatabaseUnreachable.isCause(e) ? DatabaseUnreachable.problem() : e;
        }
        found.ifPresent(i -> integrationsByHash.put(hash, i));
        return found;
    }

    private static Optional<String> bearer(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .map(String::strip)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip())
                .filter(v -> !v.isEmpty());
    }
}
