package dev.sift.web.signin;

import dev.sift.core.people.WebSession;
import dev.sift.core.port.WebSessions;
import dev.sift.http.auth.Passwords;
import dev.sift.http.auth.Secrets;
import dev.sift.web.Form;
import dev.sift.web.Pages;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /login} and {@code /logout}. The sign-in form is protected against forgery too (a forged sign-in would put
 * a victim into the attacker's account): it carries a token that must equal a short-lived cookie set with the form.
 */
public final class SignInPage {
    static final String SIGNIN_COOKIE = "sift_signin";
    private static final String WRONG = "Wrong username or password.";

    private final Sessions sessions;
    private final WebSessions store;
    private final SignInThrottle throttle;
    private final Pages pages;

    public SignInPage(Sessions sessions, WebSessions store, SignInThrottle throttle, Pages pages) {
        this.sessions = sessions;
        this.store = store;
        this.throttle = throttle;
        this.pages = pages;
    }

    /** {@code GET /login?next=/incidents/7}. */
    public void form(ServerRequest req, ServerResponse res) {
        String next = Pages.localPath(req.query().first("next").orElse("/"));
        if (sessions.current(req).isPresent()) {
            Pages.redirect(res, next);
            return;
        }
        show(req, res, 200, next, null, null);
    }

    /** {@code POST /login} with {@code username}, {@code password}, {@code csrf} and {@code next}. */
    public void signIn(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        String expected = req.headers().cookies().first(SIGNIN_COOKIE).orElse(null);
        if (!Sessions.sameToken(expected, form.get(Sessions.CSRF_FIELD))) {
            throw Sessions.csrfRefused();
        }
        String next = Pages.localPath(form.get("next"));
        String username = Optional.ofNullable(form.get("username")).map(String::strip).orElse("");
        String password = Optional.ofNullable(form.raw("password")).orElse("");
        Duration wait = throttle.waitFor(username);
        if (!wait.isZero()) {
            show(req, res, 429, next, username, "Too many failed sign-ins for this username; try again in "
                    + Math.max(1, wait.toSeconds()) + " s.");
            return;
        }
        // An unknown name is checked against a decoy hash: it takes as long, and says the same, as a wrong password.
        String stored = username.isEmpty() || password.length() > Passwords.MAX_LENGTH ? null
                : store.passwordHash(username).orElse(null);
        if (!Passwords.matches(password, stored)) {
            throttle.failed(username);
            show(req, res, 401, next, username, WRONG);
            return;
        }
        throttle.succeeded(username);
        sessions.open(username, req, res);
        res.headers().addCookie(Sessions.cookie(SIGNIN_COOKIE, "", req, "/login").maxAge(Duration.ZERO).build());
        Pages.redirect(res, next);
    }

    /** {@code POST /logout}: ends the session (the form's token must match it), then back to the sign-in page. */
    public void signOut(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        Optional<WebSession> session = sessions.current(req);
        if (session.isPresent()) {
            Sessions.checkCsrf(session.get(), form);
            sessions.close(req, res);
        }
        Pages.redirect(res, "/login");
    }

    private void show(ServerRequest req, ServerResponse res, int status, String next, String username, String error) {
        String token = Secrets.newIntegrationKey();
        res.headers().addCookie(Sessions.cookie(SIGNIN_COOKIE, token, req, "/login")
                .maxAge(Duration.ofHours(1)).build());
        pages.render(res, status, "login.jte", new LoginView(token, next, username, error));
    }
}
