package dev.sift.web.signin;

import dev.sift.core.people.WebSession;
import dev.sift.core.port.WebSessions;
import dev.sift.http.auth.Secrets;
import dev.sift.http.problem.ApiException;
import dev.sift.web.Form;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions: a random id in an HttpOnly, SameSite=Lax cookie (Secure behind https), stored only as a hash,
 * ending after {@link #IDLE} without use. Each session has its own CSRF token, which every form carries and every
 * POST must return. Lax rather than Strict so that a link to an incident in a chat message opens signed in; the
 * token, not the cookie attribute, is what stops forged posts.
 */
public final class Sessions {
    public static final String COOKIE = "sift_session";
    public static final String CSRF_FIELD = "csrf";
    static final Duration IDLE = Duration.ofHours(12);

    private final WebSessions store;
    private final Clock clock;

    public Sessions(WebSessions store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The session this request's cookie names, if it is still valid. */
    public Optional<WebSession> current(ServerRequest req) {
        Optional<String> id = req.headers().cookies().first(COOKIE).filter(v -> !v.isBlank());
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.use(Secrets.hash(id.get()), now, now.plus(IDLE));
    }

    /** Opens a session for {@code username} and sets its cookie. */
    public void open(String username, ServerRequest req, ServerResponse res) {
        String id = Secrets.newUserToken();
        Instant now = clock.instant();
        store.open(Secrets.hash(id), username, Secrets.newIntegrationKey(), now, now.plus(IDLE));
        res.headers().addCookie(cookie(COOKIE, id, req, "/").maxAge(IDLE).build());
    }

    public void close(ServerRequest req, ServerResponse res) {
        req.headers().cookies().first(COOKIE).ifPresent(id -> store.close(Secrets.hash(id)));
        res.headers().addCookie(cookie(COOKIE, "", req, "/").maxAge(Duration.ZERO).build());
    }

    /** Refuses (403, nothing changed) a form whose CSRF token is not this session's. */
    public static void checkCsrf(WebSession session, Form form) {
        if (!sameToken(session.csrfToken(), form.get(CSRF_FIELD))) {
            throw csrfRefused();
        }
    }

    static ApiException csrfRefused() {
        return ApiException.forbidden("the form's CSRF token is missing or wrong; reload the page and try again");
    }

    static boolean sameToken(String expected, String given) {
        return expected != null && given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    static SetCookie.Builder cookie(String name, String value, ServerRequest req, String path) {
        return SetCookie.builder(name, value).path(path).httpOnly(true).sameSite(SetCookie.SameSite.LAX)
                .secure(isHttps(req));
    }

    /** Behind a TLS-terminating proxy the request arrives as http; the proxy's header tells. */
    private static boolean isHttps(ServerRequest req) {
        return req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO)
                .map(p -> p.equalsIgnoreCase("https")).orElse(false);
    }
}
