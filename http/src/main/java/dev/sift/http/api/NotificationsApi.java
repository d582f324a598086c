package dev.sift.http.api;

import static dev.sift.http.Exchange.query;

import dev.sift.core.people.Role;
import dev.sift.core.port.NotificationQueries;
import dev.sift.core.query.NotificationView;
import dev.sift.http.Exchange;
import dev.sift.http.Fields;
import dev.sift.http.auth.Authenticator;
import dev.sift.http.problem.ApiException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The notification outbox, read from PostgreSQL: what was sent where, what waits, what failed and why. */
public final class NotificationsApi {
    private static final Set<String> STATES = Set.of("pending", "delivered", "dead");

    private final Authenticator auth;
    private final NotificationQueries notifications;

    public NotificationsApi(Authenticator auth, NotificationQueries notifications) {
        this.auth = auth;
        this.notifications = notifications;
    }

    /** {@code GET /api/v1/notifications?incident=&state=pending|delivered|dead&limit=&cursor=}, newest first. */
    public void list(ServerRequest req, ServerResponse res) {
        auth.user(req, Role.VIEWER);
        String state = query(req, "state");
        if (state != null && !STATES.contains(state)) {
            throw ApiException.badRequest("invalid parameter", "state must be 'pending', 'delivered' or 'dead', got '"
                    + Fields.abbreviate(state) + "'", "state");
        }
        String incident = query(req, "incident");
        Long incidentId = null;
        if (incident != null) {
            try {
                incidentId = Long.parseLong(incident);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid parameter", "incident must be an incident number, got '"
                        + Fields.abbreviate(incident) + "'", "incident");
            }
        }
        Long id = incidentId;
        var page = read(() -> notifications.notifications(id, state, IncidentsApi.limit(req), query(req, "cursor")));
        Exchange.json(res, 200, Views.page(page.items().stream().map(NotificationsApi::view).toList(), page.next()));
    }

    static Map<String, Object> view(NotificationView n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("incidentId", n.incidentId());
        m.put("channel", n.channel());
        m.put("event", n.event());
        m.put("state", n.state());
        m.put("attempts", n.attempts());
        m.put("lastError", n.lastError());
        m.put("occurredAt", n.occurredAt());
        m.put("nextAttemptAt", "pending".equals(n.state()) ? n.nextAttemptAt() : null);
        m.put("lastAttemptAt", n.lastAttemptAt());
        m.put("deliveredAt", n.deliveredAt());
        return m;
    }

    private static <T> T read(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid parameter", e.getMessage(), "cursor");
        }
    }
}
