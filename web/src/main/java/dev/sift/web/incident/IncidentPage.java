package dev.sift.web.incident;

import dev.sift.core.engine.Command;
import dev.sift.core.engine.Outcome;
import dev.sift.core.people.Role;
import dev.sift.core.people.User;
import dev.sift.core.people.WebSession;
import dev.sift.core.port.CommandQueue;
import dev.sift.core.port.IncidentQueries;
import dev.sift.core.port.People;
import dev.sift.core.workflow.Action;
import dev.sift.http.Exchange;
import dev.sift.http.api.Submit;
import dev.sift.http.problem.ApiException;
import dev.sift.web.Chrome;
import dev.sift.web.Form;
import dev.sift.web.Pages;
import dev.sift.web.signin.Sessions;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.List;

/**
 * {@code /incidents/{number}}: the incident, and its actions as one-click forms. Actions go through the single
 * writer as {@link Command.Act}, exactly like the API's, so the page can do nothing the API forbids.
 */
public final class IncidentPage {
    private final Sessions sessions;
    private final IncidentQueries queries;
    private final CommandQueue writer;
    private final People people;
    private final Pages pages;
    private final Clock clock;

    public IncidentPage(Sessions sessions, IncidentQueries queries, CommandQueue writer, People people, Pages pages,
                        Clock clock) {
        this.sessions = sessions;
        this.queries = queries;
        this.writer = writer;
        this.people = people;
        this.pages = pages;
        this.clock = clock;
    }

    /** {@code GET /incidents/{number}}. */
    public void show(ServerRequest req, ServerResponse res) {
        WebSession session = sessions.current(req).orElse(null);
        if (session == null) {
            Pages.redirectToSignIn(req, res);
            return;
        }
        render(res, 200, session, Exchange.idParameter(req, "number"), null);
    }

    /**
     * {@code POST /incidents/{number}/{action}}: the CSRF token first, then the role, then the engine's rules; any
     * refusal changes nothing. Success answers 303 to the incident (or to {@code back}, a queue address).
     */
    public void act(ServerRequest req, ServerResponse res) {
        WebSession session = sessions.current(req).orElseThrow(() -> ApiException.unauthorized(
                "not signed in (or the session ended); sign in at /login and try again"));
        Form form = Form.read(req);
        Sessions.checkCsrf(session, form);
        User user = session.user();
        if (!user.role().allows(Role.RESPONDER)) {
            throw ApiException.forbidden("user '" + user.username() + "' has role " + user.role().wireName()
                    + "; acting on incidents needs responder");
        }
        long number = Exchange.idParameter(req, "number");
        Action action = ActionForm.parse(req.path().pathParameters().get("action"), form, people, clock);
        Outcome outcome = Submit.one(writer, new Command.Act(number, user.username(), action));
        if (outcome instanceof Outcome.Rejected r) {
            int status = switch (r.reason()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID -> 400;
            };
            render(res, status, session, number, r.message());
            return;
        }
        String back = form.get("back");
        Pages.redirect(res, back == null ? "/incidents/" + number : Pages.localPath(back));
    }

    private void render(ServerResponse res, int status, WebSession session, long number, String error) {
        var detail = queries.incident(number).orElseThrow(() -> ApiException.notFound("no incident #" + number));
        var chrome = new Chrome(session.user(), session.csrfToken());
        List<String> names = chrome.canAct() ? people.users().stream().map(User::username).toList() : List.of();
        pages.render(res, status, "incident.jte", IncidentView.of(detail, chrome, names, error, clock.instant()));
    }
}
