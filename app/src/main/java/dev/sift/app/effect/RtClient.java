package dev.sift.app.effect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.core.journal.JournalEntry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request Tracker 5 through REST2 ({@code <url>/REST/2.0/}, protocols.md §5): token ({@code Authorization: token …})
 * or basic authentication; machine updates are comments, never correspondence, so requestors are not mailed.
 * RT answers a PUT with 200 even when it refused the change, so a status change is read back and checked.
 */
final class RtClient implements TicketClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern MARKER = Pattern.compile("\\[sift #(\\d+)]");
    /** The default lifecycle's inactive statuses; a site's own lifecycle may have more (then: not active either). */
    private static final Set<String> ACTIVE = Set.of("new", "open", "stalled");
    private static final DateTimeFormatter TICKET_SQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final URI base;
    private final String web;
    private final String authorization;
    private final String queue;
    private final String nobody;
    private final HttpClient http = ExternalHttp.client();

    /** @param token an RT auth token, or null for {@code username}/{@code password} */
    RtClient(String url, String token, String username, String password, String queue, String nobody) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.web = u;
        this.base = URI.create(u + "/REST/2.0/");
        this.authorization = token != null ? "token " + token
                : "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
        this.queue = queue;
        this.nobody = nobody == null ? "Nobody" : nobody;
    }

    @Override
    public String label() {
        return "RT";
    }

    @Override
    public Optional<Ticket> findMarked(long incidentId) throws EffectFailed {
        String query = "Queue = '" + sqlText(queue) + "' AND Subject LIKE '" + sqlText(TicketClient.marker(incidentId))
                + "'";
        List<Ticket> found = search(query);
        return found.stream().filter(t -> t.incidentId() == incidentId && !t.deleted()).findFirst();
    }

    @Override
    public Ticket create(JournalEntry e) throws EffectFailed {
        ObjectNode body = JSON.createObjectNode();
        body.put("Queue", queue);
        body.put("Subject", TicketClient.marker(e.incidentId()) + " " + (e.priority() == null ? "" : e.priority() + " ")
                + e.title());
        body.put("Content", TicketText.opening(e));
        body.put("ContentType", "text/plain");
        if (e.priority() != null) {
            body.put("Priority", TicketText.rtPriority(e.priority()));
        }
        JsonNode created = send("POST", "ticket", body.toString(), 201);
        String id = created.path("id").asText();
        return get(id).orElseThrow(() -> new EffectFailed("RT created ticket " + id + " but cannot show it", true));
    }

    @Override
    public Optional<Ticket> get(String id) throws EffectFailed {
        HttpResponse<String> r = call("GET", "ticket/" + id, null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode t = ok(r, 200, "GET ticket/" + id);
        return Optional.of(ticket(t));
    }

    @Override
    public void comment(String id, String text) throws EffectFailed {
        ObjectNode body = JSON.createObjectNode();
        body.put("Content", text);
        body.put("ContentType", "text/plain");
        send("POST", "ticket/" + id + "/comment", body.toString(), 201);
    }

    @Override
    public void resolve(String id, String text) throws EffectFailed {
        setStatus(id, text, "resolved");
    }

    @Override
    public void reopen(String id, String text) throws EffectFailed {
        setStatus(id, text, "open");
    }

    private void setStatus(String id, String text, String status) throws EffectFailed {
        ObjectNode body = JSON.createObjectNode();
        body.put("Content", text);
        body.put("ContentType", "text/plain");
        body.put("Status", status); // comment and status change in one call
        send("POST", "ticket/" + id + "/comment", body.toString(), 201);
        Ticket now = get(id).orElseThrow(() -> new EffectFailed("RT ticket " + id + " is gone", false));
        if (!status.equals(now.status())) { // RT answers 2xx even when it refused: check
            throw new EffectFailed("RT did not set ticket " + id + " to " + status + " (it is " + now.status()
                    + "); does Sift's RT user have ModifyTicket on queue " + queue + "?", false);
        }
    }

    @Override
    public List<Ticket> changedSince(Instant since) throws EffectFailed {
        // RT leaves deleted tickets out of a search that names no status: name them, to see deletions too
        return search("Queue = '" + sqlText(queue) + "' AND Subject LIKE '[sift #' AND LastUpdated > '"
                + TICKET_SQL.format(since) + "' AND (Status = '__Active__' OR Status = '__Inactive__'"
                + " OR Status = 'deleted')");
    }

    private List<Ticket> search(String query) throws EffectFailed {
        List<Ticket> out = new ArrayList<>();
        for (int page = 1; page <= 50; page++) {
            String path = "tickets?query=" + enc(query) + "&fields=" + enc("Subject,Status,Owner,LastUpdated,"
                    + "LastUpdatedBy,EffectiveId") + "&per_page=100&page=" + page + "&orderby=id";
            JsonNode r = ok(call("GET", path, null), 200, "search");
            for (JsonNode item : r.path("items")) {
                out.add(ticket(item));
            }
            if (r.path("next_page").isMissingNode() || r.path("next_page").isNull()) {
                break;
            }
        }
        return out;
    }

    private Ticket ticket(JsonNode t) {
        String id = t.path("id").asText();
        String effective = t.path("EffectiveId").isObject() ? t.path("EffectiveId").path("id").asText()
                : t.path("EffectiveId").asText(id);
        String status = t.path("Status").asText(null);
        String owner = t.path("Owner").path("id").asText(null);
        if (owner != null && owner.equals(nobody)) {
            owner = null;
        }
        Matcher m = MARKER.matcher(t.path("Subject").asText(""));
        Instant updated = null;
        try {
            updated = t.hasNonNull("LastUpdated") ? Instant.parse(t.path("LastUpdated").asText()) : null;
        } catch (RuntimeException ignored) {
            // a date RT writes otherwise: not needed to act
        }
        String by = t.path("LastUpdatedBy").path("id").asText(null);
        return new Ticket(effective.isEmpty() ? id : effective, web + "/Ticket/Display.html?id="
                + (effective.isEmpty() ? id : effective), status, owner, status != null && ACTIVE.contains(status),
                "deleted".equals(status), m.find() ? Long.parseLong(m.group(1)) : 0, updated, by);
    }

    private JsonNode send(String method, String path, String json, int expected) throws EffectFailed {
        return ok(call(method, path, json), expected, method + " " + path);
    }

    private JsonNode ok(HttpResponse<String> r, int expected, String what) throws EffectFailed {
        int s = r.statusCode();
        if (s == expected || (s / 100 == 2 && expected / 100 == 2)) {
            try {
                return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (IOException e) {
                throw new EffectFailed("RT answered " + what + " with something that is not JSON", true);
            }
        }
        String message = r.body() == null ? "" : r.body().strip();
        try {
            message = JSON.readTree(message).path("message").asText(message);
        } catch (IOException ignored) {
            // not JSON: the body as it is
        }
        String why = "RT answered " + what + " with HTTP " + s
                + (message.isEmpty() ? "" : ": " + ExternalHttp.abbreviate(message));
        if (s == 401) {
            throw new EffectFailed(why + " (check the token or user/password)", true);
        }
        if (s == 403) {
            throw new EffectFailed(why + " (Sift's RT user needs CreateTicket, ShowTicket, ModifyTicket and"
                    + " CommentOnTicket on queue " + queue + ")", true);
        }
        throw new EffectFailed(why, ExternalHttp.retryable(s));
    }

    private HttpResponse<String> call(String method, String path, String json) throws EffectFailed {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", "Sift"); // never a browser-like agent: RT would redirect to its login page
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return ExternalHttp.send(http, b.build(), "RT");
    }

    private static String sqlText(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
