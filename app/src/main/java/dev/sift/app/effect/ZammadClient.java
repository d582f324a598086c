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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Zammad through its REST API ({@code <url>/api/v1/}, protocols.md §6), written from Zammad's documentation and
 * tested against a fake built from it — not against a real Zammad. Token authentication
 * ({@code Authorization: Token token=…}); machine updates are internal notes; resolving sets state
 * {@code closed}; names come with {@code expand=true}. A ticket in state {@code merged} or {@code removed}, or a
 * 404, is no longer followed.
 */
final class ZammadClient implements TicketClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern MARKER = Pattern.compile("\\[sift #(\\d+)]");
    /** Zammad's default states that are still being worked on; a site's own states count as inactive. */
    static final Set<String> ACTIVE = Set.of("new", "open", "pending reminder", "pending close");
    /** The owner Zammad shows for an unassigned ticket. */
    static final String NOBODY = "-";

    private final String web;
    private final URI base;
    private final String token;
    private final String group;
    private final String customer;
    private final HttpClient http = ExternalHttp.client();

    /** @param customer the customer of new tickets (Zammad requires one): an e-mail, found or created */
    ZammadClient(String url, String token, String group, String customer) {
        this.web = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.base = URI.create(web + "/api/v1/");
        this.token = token;
        this.group = group;
        this.customer = customer == null ? "sift@localhost" : customer;
    }

    @Override
    public String label() {
        return "Zammad";
    }

    @Override
    public Optional<Ticket> findMarked(long incidentId) throws EffectFailed {
        return search("title:\"" + TicketClient.marker(incidentId) + "\"").stream()
                .filter(t -> t.incidentId() == incidentId && !t.deleted()).findFirst();
    }

    @Override
    public Ticket create(JournalEntry e) throws EffectFailed {
        ObjectNode body = JSON.createObjectNode();
        body.put("title", TicketClient.marker(e.incidentId()) + " " + (e.priority() == null ? "" : e.priority() + " ")
                + e.title());
        body.put("group", group);
        body.put("customer_id", "guess:" + customer);
        body.set("article", note(TicketText.opening(e)));
        JsonNode created = ok(call("POST", "tickets?expand=true", body.toString()), "POST tickets");
        return ticket(created);
    }

    @Override
    public Optional<Ticket> get(String id) throws EffectFailed {
        HttpResponse<String> r = call("GET", "tickets/" + id + "?expand=true", null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(ticket(ok(r, "GET tickets/" + id)));
    }

    @Override
    public void comment(String id, String text) throws EffectFailed {
        ObjectNode body = note(text);
        body.put("ticket_id", Long.parseLong(id));
        ok(call("POST", "ticket_articles", body.toString()), "POST ticket_articles");
    }

    @Override
    public void resolve(String id, String text) throws EffectFailed {
        setState(id, text, "closed");
    }

    @Override
    public void reopen(String id, String text) throws EffectFailed {
        setState(id, text, "open");
    }

    private void setState(String id, String text, String state) throws EffectFailed {
        ObjectNode body = JSON.createObjectNode();
        body.put("state", state);
        body.set("article", note(text)); // an article inside a PUT adds it: note and state in one call
        JsonNode t = ok(call("PUT", "tickets/" + id + "?expand=true", body.toString()), "PUT tickets/" + id);
        if (!state.equals(t.path("state").asText(state))) {
            throw new EffectFailed("Zammad did not set ticket " + id + " to " + state, false);
        }
    }

    @Override
    public List<Ticket> changedSince(Instant since) throws EffectFailed {
        return search("title:\"[sift #\" AND updated_at:>=" + since.truncatedTo(ChronoUnit.SECONDS));
    }

    private List<Ticket> search(String query) throws EffectFailed {
        JsonNode r = ok(call("GET", "tickets/search?expand=true&limit=100&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8), null), "search");
        List<Ticket> out = new ArrayList<>();
        JsonNode items = r.isArray() ? r : r.path("tickets"); // an array with expand=true
        for (JsonNode t : items) {
            if (t.isObject()) {
                out.add(ticket(t));
            }
        }
        return out;
    }

    private static ObjectNode note(String text) {
        ObjectNode a = JSON.createObjectNode();
        a.put("subject", "Sift");
        a.put("body", text);
        a.put("type", "note");
        a.put("internal", true);
        a.put("content_type", "text/plain");
        return a;
    }

    private Ticket ticket(JsonNode t) {
        String id = t.path("id").asText();
        String state = t.path("state").asText(null);
        String owner = t.path("owner").asText(null);
        if (owner != null && (owner.equals(NOBODY) || owner.isBlank())) {
            owner = null;
        }
        Matcher m = MARKER.matcher(t.path("title").asText(""));
        Instant updated = null;
        try {
            updated = t.hasNonNull("updated_at") ? Instant.parse(t.path("updated_at").asText()) : null;
        } catch (RuntimeException ignored) {
            // not needed to act
        }
        String by = t.path("updated_by").asText(null);
        boolean gone = "merged".equals(state) || "removed".equals(state);
        return new Ticket(id, web + "/#ticket/zoom/" + id, state, owner, state != null && ACTIVE.contains(state),
                gone, m.find() ? Long.parseLong(m.group(1)) : 0, updated, by);
    }

    private JsonNode ok(HttpResponse<String> r, String what) throws EffectFailed {
        int s = r.statusCode();
        if (s / 100 == 2) {
            try {
                return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (IOException e) {
                throw new EffectFailed("Zammad answered " + what + " with something that is not JSON", true);
            }
        }
        String message = r.body() == null ? "" : r.body().strip();
        try {
            JsonNode j = JSON.readTree(message);
            message = j.path("error_human").asText(j.path("error").asText(message));
        } catch (IOException ignored) {
            // not JSON
        }
        String why = "Zammad answered " + what + " with HTTP " + s + (message.isEmpty() ? "" : ": "
                + ExternalHttp.abbreviate(message));
        if (s == 401 || s == 403) {
            throw new EffectFailed(why + " (the token needs the ticket.agent permission on group " + group + ")",
                    true);
        }
        throw new EffectFailed(why, ExternalHttp.retryable(s));
    }

    private HttpResponse<String> call(String method, String path, String json) throws EffectFailed {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Token token=" + token)
                .header("Accept", "application/json")
                .header("User-Agent", "Sift");
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return ExternalHttp.send(http, b.build(), "Zammad");
    }
}
