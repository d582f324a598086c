package dev.sift.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.app.TestSift;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web UI's safety rules at the HTTP level: passwords, sessions and their cookies, CSRF tokens, roles and the
 * security headers. The same flows in a real browser are in {@link WebUiBrowserTest}.
 */
class WebSignInTest {
    static final String PASSWORD = "correct horse battery staple";
    static TestSift sift;
    static String amKey;
    static String responder;
    static String viewer;

    @BeforeAll
    static void start() {
        sift = TestSift.sharedWithoutGrouping();
        amKey = sift.integration("alertmanager");
        responder = TestSift.unique("rita");
        viewer = TestSift.unique("vic");
        createUser(responder, "responder");
        createUser(viewer, "viewer");
    }

    static void createUser(String username, String role) {
        var r = sift.post("/api/v1/users", TestSift.ADMIN_TOKEN,
                Map.of("username", username, "role", role, "password", PASSWORD));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static long fire(String alertname) {
        String body = """
                {"version":"4","alerts":[{"status":"firing","labels":{"alertname":"%s","severity":"critical"},
                 "annotations":{"summary":"%s is failing"},"startsAt":"2026-11-22T07:00:00Z",
                 "endsAt":"0001-01-01T00:00:00Z"}]}""".formatted(alertname, alertname);
        var r = sift.postRaw("/api/v1/integrations/alertmanager", amKey, "application/json", body.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return sift.body(r).get("incidents").get(0).asLong();
    }

    static String status(long incident) {
        return sift.getJson("/api/v1/incidents/" + incident).get("status").asText();
    }

    @Test
    void aPasswordIsTakenButNeverShownAndMustNotBeShort() {
        String name = TestSift.unique("pat");
        var created = sift.post("/api/v1/users", TestSift.ADMIN_TOKEN,
                Map.of("username", name, "role", "viewer", "password", PASSWORD));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("pbkdf2").doesNotContain("password");
        assertThat(sift.get("/api/v1/users", TestSift.ADMIN_TOKEN).body()).doesNotContain("pbkdf2");

        var tooShort = sift.post("/api/v1/users", TestSift.ADMIN_TOKEN,
                Map.of("username", TestSift.unique("sam"), "password", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(sift.body(tooShort).get("field").asText()).isEqualTo("password");
        assertThat(sift.body(tooShort).get("detail").asText()).contains("at least 12 characters");
    }

    @Test
    void aPasswordCanBeSetLaterByItsOwnerOrAnAdminOnly() {
        String name = TestSift.unique("tina");
        String token = sift.user(name, "responder"); // created without a password: tokens only
        var web = new WebClient(sift);
        assertThat(web.signIn(name, PASSWORD).statusCode()).isEqualTo(401);

        var byOther = sift.post("/api/v1/users/" + responder + "/password", token, Map.of("password", PASSWORD));
        assertThat(byOther.statusCode()).isEqualTo(403);
        var own = sift.post("/api/v1/users/" + name + "/password", token, Map.of("password", PASSWORD));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).doesNotContain(PASSWORD);
        assertThat(web.signIn(name, PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void signingInSetsAnHttpOnlySameSiteSessionCookieAndSigningOutEndsIt() {
        var web = new WebClient(sift);
        var first = web.get("/");
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("location")).hasValue("/login?next=%2F");

        var in = web.signIn(responder, PASSWORD);
        assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
        assertThat(in.headers().firstValue("location")).hasValue("/");
        String cookie = WebClient.setCookie(in, "sift_session");
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .containsIgnoringCase("Path=/");
        assertThat(cookie).as("plain http: no Secure flag, or the browser would drop it").doesNotContain("Secure");
        var queue = web.get("/");
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body()).contains("<h1>Queue</h1>").contains(responder);

        // behind a TLS proxy the cookie is Secure
        var proxied = new WebClient(sift);
        proxied.headers.put("X-Forwarded-Proto", "https");
        var secure = proxied.signIn(responder, PASSWORD);
        assertThat(secure.statusCode()).isEqualTo(303);
        assertThat(WebClient.setCookie(secure, "sift_session")).contains("Secure");

        var out = web.post("/logout", Map.of("csrf", WebClient.csrfOf(queue)));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(web.get("/").statusCode()).as("the session is gone").isEqualTo(303);
        web.headers.put("HX-Request", "true");
        var refresh = web.get("/?label=team%3Ddb");
        assertThat(refresh.statusCode()).as("the queue's self-refresh is sent to sign in as a whole page")
                .isEqualTo(401);
        assertThat(refresh.headers().firstValue("hx-redirect")).hasValue("/login?next=%2F%3Flabel%3Dteam%253Ddb");
    }

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSameClearMessage() {
        var web = new WebClient(sift);
        var wrong = web.signIn(responder, "not the password at all");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong username or password.");
        assertThat(WebClient.setCookie(wrong, "sift_session")).isNull();
        var unknown = web.signIn(TestSift.unique("nobody"), PASSWORD);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("Wrong username or password.");
        assertThat(web.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    void repeatedFailuresPauseSignInsForThatName() {
        String name = TestSift.unique("guessme");
        createUser(name, "viewer");
        var web = new WebClient(sift);
        for (int i = 0; i < 5; i++) {
            assertThat(web.signIn(name, "guess number " + i).statusCode()).isEqualTo(401);
        }
        var paused = web.signIn(name, PASSWORD);
        assertThat(paused.statusCode()).as("even the right password waits").isEqualTo(429);
        assertThat(paused.body()).contains("Too many failed sign-ins");
        assertThat(web.signIn(responder, PASSWORD).statusCode()).as("other names are not affected").isEqualTo(303);
    }

    @Test
    void aSignInWithoutTheFormsTokenIsRefused() {
        var web = new WebClient(sift);
        var r = web.post("/login", Map.of("username", responder, "password", PASSWORD));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(WebClient.setCookie(r, "sift_session")).isNull();
    }

    @Test
    void anActionWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() {
        long incident = fire(TestSift.unique("CsrfProbe"));
        var web = new WebClient(sift);
        web.signIn(responder, PASSWORD);
        String csrf = WebClient.csrfOf(web.get("/incidents/" + incident));

        var missing = web.post("/incidents/" + incident + "/acknowledge", Map.of());
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("CSRF");
        var wrong = web.post("/incidents/" + incident + "/acknowledge", Map.of("csrf", "0" + csrf.substring(1)));
        assertThat(wrong.statusCode()).isEqualTo(403);
        var otherSession = new WebClient(sift);
        otherSession.signIn(responder, PASSWORD);
        String theirs = WebClient.csrfOf(otherSession.get("/"));
        assertThat(web.post("/incidents/" + incident + "/acknowledge", Map.of("csrf", theirs)).statusCode())
                .as("a token belongs to its session").isEqualTo(403);
        assertThat(status(incident)).isEqualTo("triggered");

        var ok = web.post("/incidents/" + incident + "/acknowledge", Map.of("csrf", csrf));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(status(incident)).isEqualTo("acknowledged");
        var timeline = sift.getJson("/api/v1/incidents/" + incident).get("timeline");
        assertThat(timeline.get(timeline.size() - 1).get("actor").asText()).isEqualTo(responder);
    }

    @Test
    void aViewerSeesTheIncidentWithoutButtonsAndCannotAct() {
        long incident = fire(TestSift.unique("ViewerProbe"));
        var web = new WebClient(sift);
        web.signIn(viewer, PASSWORD);
        var page = web.get("/incidents/" + incident);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("ViewerProbe").doesNotContain("Acknowledge</button>")
                .doesNotContain("action=\"/incidents/" + incident + "/");
        var forged = web.post("/incidents/" + incident + "/acknowledge", Map.of("csrf", WebClient.csrfOf(page)));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("viewer");
        assertThat(status(incident)).isEqualTo("triggered");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        var web = new WebClient(sift);
        for (var r : java.util.List.of(web.get("/login"), web.get("/"), web.get("/static/sift.js"),
                sift.get("/api/v1/me", TestSift.ADMIN_TOKEN))) {
            String csp = r.headers().firstValue("content-security-policy").orElse("");
            assertThat(csp).as(r.uri().toString()).contains("script-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        }
        var htmx = web.get("/static/htmx.min.js");
        assertThat(htmx.statusCode()).as("htmx is served from our own origin").isEqualTo(200);
        assertThat(htmx.headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
        assertThat(web.get("/static/..%2Fpom.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void theSignInPageSendsPeopleOnlyToPathsOnThisSite() {
        var web = new WebClient(sift);
        String csrf = WebClient.csrfOf(web.get("/login?next=//evil.example/x"));
        var r = web.post("/login", Map.of("username", responder, "password", PASSWORD, "csrf", csrf,
                "next", "//evil.example/x"));
        assertThat(r.headers().firstValue("location")).hasValue("/");
    }
}
