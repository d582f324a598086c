package dev.sift.web.queue;

import dev.sift.core.incident.IncidentStatus;
import dev.sift.core.incident.Priority;
import dev.sift.core.query.QueueFilter;
import dev.sift.http.Fields;
import dev.sift.http.problem.ApiException;
import io.helidon.webserver.http.ServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The queue's filters as the GET form sends them ({@code status, priority, queue, label=k=v, q, mine, unassigned}),
 * kept as text so that the form shows them again and the page's own links (refresh, next page) carry them.
 */
public record QueueFilters(String status, String priority, String queue, String label, String q, boolean mine,
                           boolean unassigned) {
    public static final int PAGE_SIZE = 50;

    public static QueueFilters from(ServerRequest req) {
        return new QueueFilters(param(req, "status"), param(req, "priority"), param(req, "queue"),
                param(req, "label"), param(req, "q"), param(req, "mine") != null, param(req, "unassigned") != null);
    }

    /** The query for the store; bad values are refused with a 400 naming the field. */
    public QueueFilter toQuery(String me, String cursor) {
        Set<IncidentStatus> statuses = Set.of();
        if (status != null) {
            try {
                statuses = Set.of(IncidentStatus.fromWireName(status));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidField("status", e.getMessage());
            }
        }
        Set<Priority> priorities = Set.of();
        if (priority != null) {
            try {
                priorities = Set.of(Priority.fromWireName(priority));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidField("priority", e.getMessage());
            }
        }
        String labelKey = null;
        String labelValue = null;
        if (label != null) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw ApiException.invalidField("label", "write it as name=value, such as team=db; got '"
                        + Fields.abbreviate(label) + "'");
            }
            labelKey = label.substring(0, eq).strip();
            labelValue = label.substring(eq + 1).strip();
        }
        return new QueueFilter(statuses, priorities, queue, labelKey, labelValue, q, mine ? me : null, unassigned,
                PAGE_SIZE, cursor);
    }

    /** This page's address with these filters ({@code /?status=…}), for refreshing and paging. */
    public String url() {
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "status", status);
        put(params, "priority", priority);
        put(params, "queue", queue);
        put(params, "label", label);
        put(params, "q", q);
        put(params, "mine", mine ? "1" : null);
        put(params, "unassigned", unassigned ? "1" : null);
        StringBuilder url = new StringBuilder("/");
        params.forEach((k, v) -> url.append(url.length() == 1 ? '?' : '&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return url.toString();
    }

    /** The address of the page after the one ending at {@code cursor}. */
    public String url(String cursor) {
        String base = url();
        return base + (base.contains("?") ? "&" : "?") + "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    public boolean any() {
        return status != null || priority != null || queue != null || label != null || q != null || mine || unassigned;
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }

    private static String param(ServerRequest req, String name) {
        return req.query().first(name).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
    }
}
