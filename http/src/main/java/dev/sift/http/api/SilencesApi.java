package dev.sift.http.api;

import static dev.sift.http.Exchange.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.engine.Command;
import dev.sift.core.engine.Outcome;
import dev.sift.core.matching.Matcher;
import dev.sift.core.matching.MatcherSyntaxException;
import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.port.SilenceQueries;
import dev.sift.core.silence.Silence;
import dev.sift.core.silence.SilenceState;
import dev.sift.core.time.Durations;
import dev.sift.http.Exchange;
import dev.sift.http.Fields;
import dev.sift.http.auth.Authenticator;
import dev.sift.http.problem.ApiException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Silences: created and expired through the single writer (the engine numbers them and applies them in order
 * with signals), read from PostgreSQL. The author is the person behind the token.
 */
public final class SilencesApi {
    private static final int MAX_COMMENT = 4096;

    private final Authenticator auth;
    private final SilenceQueries silences;
    private final CommandQueue queue;
    private final Clock clock;

    public SilencesApi(Authenticator auth, SilenceQueries silences, CommandQueue queue, Clock clock) {
        this.auth = auth;
        this.silences = silences;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * {@code POST /api/v1/silences}: {@code {"matchers": ["team=\"db\""], "startsAt"?, "endsAt" | "duration",
     * "comment"}}; answers 201 with the silence.
     */
    public void create(ServerRequest req, ServerResponse res) {
        User user = auth.user(req, Role.RESPONDER);
        JsonNode body = Fields.object(Exchange.jsonBody(req), "");
        List<Matcher> matchers = matchers(body.get("matchers"));
        Instant now = clock.instant();
        Instant startsAt = Fields.optionalInstant(body, "startsAt", "startsAt");
        Instant endsAt = endsAt(body, startsAt == null ? now : startsAt);
        if (!endsAt.isAfter(now)) {
            throw ApiException.invalidField("endsAt", "must be in the future, got " + endsAt);
        }
        if (startsAt != null && !endsAt.isAfter(startsAt)) {
            throw ApiException.invalidField("endsAt", "must be after startsAt (" + startsAt + "), got " + endsAt);
        }
        String comment = Fields.requiredString(body, "comment", "comment");
        if (comment.isBlank()) {
            throw ApiException.invalidField("comment", "must not be empty: say why, for the people who find alerts"
                    + " silenced");
        }
        if (comment.length() > MAX_COMMENT) {
            throw ApiException.invalidField("comment", "is longer than " + MAX_COMMENT + " characters");
        }
        Outcome outcome = Submit.one(queue, new Command.CreateSilence(matchers, startsAt, endsAt, user.username(),
                comment));
        if (outcome instanceof Outcome.Rejected r) { // the writer's clock moved past endsAt meanwhile
            throw ApiException.invalidField("endsAt", r.message());
        }
        Silence s = ((Outcome.SilenceChanged) outcome).silence();
        Exchange.json(res, 201, Views.silence(s, clock.instant()));
    }

    /** {@code GET /api/v1/silences?state=pending|active|expired&limit=}: newest first. */
    public void list(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        String raw = query(req, "state");
        SilenceState state;
        try {
            state = raw == null ? null : SilenceState.fromWireName(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid parameter", e.getMessage(), "state");
        }
        Instant now = clock.instant();
        var items = silences.silences(state, now, IncidentsApi.limit(req)).stream()
                .map(s -> Views.silence(s, now)).toList();
        Exchange.json(res, 200, Views.page(items, null));
    }

    /** {@code GET /api/v1/silences/{id}}. */
    public void get(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        Exchange.json(res, 200, Views.silence(find(Exchange.idParameter(req, "id")), clock.instant()));
    }

    /** {@code DELETE /api/v1/silences/{id}}: ends it now; answers the silence as it is afterwards. */
    public void expire(ServerRequest req, ServerResponse res) {
        User user = auth.user(req, Role.RESPONDER);
        Silence s = find(Exchange.idParameter(req, "id"));
        if (!s.endsAt().isAfter(clock.instant())) {
            throw ApiException.conflict("silence " + s.id() + " already ended at " + s.endsAt());
        }
        Outcome outcome = Submit.one(queue, new Command.ExpireSilence(s.id(), user.username()));
        if (outcome instanceof Outcome.Rejected r) {
            throw ApiException.conflict(r.message());
        }
        Exchange.json(res, 200, Views.silence(((Outcome.SilenceChanged) outcome).silence(), clock.instant()));
    }

    private Silence find(long id) {
        return silences.silence(id).orElseThrow(() -> ApiException.notFound("no silence " + id));
    }

    /** At least one matcher, in Alertmanager's syntax: a silence never mutes every alert by omission. */
    private static List<Matcher> matchers(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.invalidField("matchers", "is required, e.g. [\"team=\\\"db\\\"\"]");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw ApiException.invalidField("matchers", "must be a non-empty list of matcher strings such as"
                    + " \"team=\\\"db\\\"\", got " + (node.isArray() ? "an empty list" : Fields.kind(node)));
        }
        List<Matcher> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "matchers[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw ApiException.invalidField(field, "must be a string such as \"team=\\\"db\\\"\", got "
                        + Fields.kind(item));
            }
            try {
                out.addAll(Matcher.parse(item.textValue()));
            } catch (MatcherSyntaxException e) {
                throw ApiException.invalidField(field, "invalid matcher '" + Fields.abbreviate(item.textValue())
                        + "': " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw ApiException.invalidField("matchers", "holds no matcher: it would mute every alert");
        }
        return out;
    }

    private static Instant endsAt(JsonNode body, Instant from) {
        Instant endsAt = Fields.optionalInstant(body, "endsAt", "endsAt");
        String duration = Fields.optionalString(body, "duration", "duration");
        if ((endsAt == null) == (duration == null)) {
            throw ApiException.badRequest("invalid field", "give exactly one of 'endsAt' (an RFC 3339 time) or"
                    + " 'duration' (such as 2h, 1d)", endsAt == null ? "endsAt" : "duration");
        }
        if (endsAt != null) {
            return endsAt;
        }
        try {
            Duration d = Durations.parse(duration);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be longer than 0s");
            }
            return from.plus(d);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("duration", e.getMessage());
        }
    }
}
