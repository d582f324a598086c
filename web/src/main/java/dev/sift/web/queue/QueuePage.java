package dev.sift.web.queue;

import dev.sift.core.people.WebSession;
import dev.sift.core.port.IncidentQueue;
import dev.sift.core.query.Page;
import dev.sift.core.query.IncidentSummary;
import dev.sift.http.problem.ApiException;
import dev.sift.web.Chrome;
import dev.sift.web.Pages;
import dev.sift.web.signin.Sessions;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;

/** {@code GET /}: the queue. Works as a plain page; with htmx it refreshes its rows every few seconds. */
public final class QueuePage {
    private final Sessions sessions;
    private final IncidentQueue queue;
    private final Pages pages;
    private final Clock clock;

    public QueuePage(Sessions sessions, IncidentQueue queue, Pages pages, Clock clock) {
        this.sessions = sessions;
        this.queue = queue;
        this.pages = pages;
        this.clock = clock;
    }

    public void show(ServerRequest req, ServerResponse res) {
        WebSession session = sessions.current(req).orElse(null);
        if (session == null) {
            Pages.redirectToSignIn(req, res);
            return;
        }
        QueueFilters filters = QueueFilters.from(req);
        String cursor = req.query().first("cursor").filter(c -> !c.isBlank()).orElse(null);
        Page<IncidentSummary> page;
        try {
            page = queue.queue(filters.toQuery(session.user().username(), cursor));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("cursor", e.getMessage());
        }
        Instant now = clock.instant();
        var chrome = new Chrome(session.user(), session.csrfToken());
        var rows = page.items().stream().map(i -> QueueView.Row.of(i, now, chrome.canAct())).toList();
        pages.render(res, 200, "queue.jte", new QueueView(chrome, filters, rows,
                cursor == null ? filters.url() : filters.url(cursor),
                page.next() == null ? null : filters.url(page.next())));
    }
}
