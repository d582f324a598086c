package dev.sift.web;

import dev.sift.core.port.CommandQueue;
import dev.sift.core.port.IncidentQueries;
import dev.sift.core.port.IncidentQueue;
import dev.sift.core.port.People;
import dev.sift.core.port.WebSessions;
import dev.sift.web.incident.IncidentPage;
import dev.sift.web.queue.QueuePage;
import dev.sift.web.signin.Sessions;
import dev.sift.web.signin.SignInPage;
import dev.sift.web.signin.SignInThrottle;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;

/** The web UI's routes, in one table, and the pages behind them wired with plain {@code new}. */
public final class WebRoutes {
    private final SignInPage signIn;
    private final QueuePage queue;
    private final IncidentPage incident;
    private final StaticFiles statics = new StaticFiles();

    public WebRoutes(WebSessions sessionStore, People people, IncidentQueue incidentQueue, IncidentQueries queries,
                     CommandQueue writer, Clock clock) {
        var pages = new Pages();
        var sessions = new Sessions(sessionStore, clock);
        this.signIn = new SignInPage(sessions, sessionStore, new SignInThrottle(clock), pages);
        this.queue = new QueuePage(sessions, incidentQueue, pages, clock);
        this.incident = new IncidentPage(sessions, queries, writer, people, pages, clock);
    }

    /** Adds the security headers to every response, and the pages; call before the API's catch-all route. */
    public void define(HttpRouting.Builder r) {
        r.addFilter(new SecurityHeaders())
                .get("/", queue::show)
                .get("/login", signIn::form)
                .post("/login", signIn::signIn)
                .post("/logout", signIn::signOut)
                .get("/incidents/{number}", incident::show)
                .post("/incidents/{number}/{action}", incident::act)
                .get("/static/{name}", statics::serve);
    }
}
