package dev.sift.app.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: a FAKE Zammad, built from Zammad's documented REST API (docs.zammad.org, api/ticket/*; protocols.md
 * §6) — not a real one, which does not run here. It keeps tickets in memory and answers what Sift uses: create
 * ({@code POST /api/v1/tickets}), read, update ({@code PUT}, an {@code article} inside adds a note), notes
 * ({@code POST /api/v1/ticket_articles}) and search ({@code GET /api/v1/tickets/search?query=} with
 * {@code title:"…"} and {@code updated_at:>=…}), with {@code expand=true} names ({@code state}, {@code owner},
 * {@code group}). The contract test holds it to the recorded documentation examples in
 * {@code src/test/resources/zammad/}.
 */
public final class FakeZammad implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TITLE = Pattern.compile("title:\"([^\"]*)\"");
    private static final Pattern UPDATED = Pattern.compile("updated_at:>=(\\S+)");

    private final HttpServer server;
    private final String token;
    private final Map<Long, ObjectNode> tickets = new ConcurrentHashMap<>();
    private final Map<Long, List<ObjectNode>> articles = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(30000);
    private final AtomicLong articleIds = new AtomicLong(100);

    public FakeZammad(String token) {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What an agent does in Zammad: assign an owner, or change the state. */
    public void agent(long id, String owner, String state) {
        ObjectNode t = tickets.get(id);
        if (owner != null) {
            t.put("owner", owner);
            t.put("owner_id", 7);
        }
        if (state != null) {
            t.put("state", state);
        }
        t.put("updated_by", owner != null ? owner : "agent");
        t.put("updated_at", Instant.now().toString());
    }

    public List<ObjectNode> tickets() {
        return new ArrayList<>(tickets.values());
    }

    public List<ObjectNode> articles(long ticketId) {
        return articles.getOrDefault(ticketId, List.of());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!("Token token=" + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, JSON.createObjectNode().put("error", "authentication failed"));
                return;
            }
            String path = ex.getRequestURI().getPath().substring("/api/v1/".length());
            String method = ex.getRequestMethod();
            JsonNode body = null;
            byte[] raw = ex.getRequestBody().readAllBytes();
            if (raw.length > 0) {
                body = JSON.readTree(raw);
            }
            if (method.equals("POST") && path.equals("tickets")) {
                create(ex, body);
            } else if (method.equals("GET") && path.equals("tickets/search")) {
                search(ex, query(ex, "query"));
            } else if (path.startsWith("tickets/")) {
                ObjectNode t = tickets.get(Long.parseLong(path.substring("tickets/".length())));
                if (t == null) {
                    send(ex, 404, JSON.createObjectNode().put("error", "Couldn't find Ticket")
                            .put("error_human", "Couldn't find Ticket"));
                } else if (method.equals("GET")) {
                    send(ex, 200, t);
                } else if (method.equals("PUT")) {
                    if (body.hasNonNull("state")) {
                        t.put("state", body.get("state").asText());
                    }
                    if (body.has("article")) {
                        addArticle(t.get("id").asLong(), body.get("article"));
                    }
                    t.put("updated_at", Instant.now().toString());
                    t.put("updated_by", "sift");
                    send(ex, 200, t);
                } else {
                    send(ex, 404, JSON.createObjectNode().put("error", "no route"));
                }
            } else if (method.equals("POST") && path.equals("ticket_articles")) {
                ObjectNode t = tickets.get(body.path("ticket_id").asLong());
                if (t == null) {
                    send(ex, 422, JSON.createObjectNode().put("error", "ticket_id is invalid")
                            .put("error_human", "Ticket is invalid"));
                    return;
                }
                send(ex, 201, addArticle(t.get("id").asLong(), body));
            } else {
                send(ex, 404, JSON.createObjectNode().put("error", "no route for " + method + " " + path));
            }
        }
    }

    private void create(HttpExchange ex, JsonNode body) throws IOException {
        for (String required : List.of("title", "group", "customer_id")) {
            if (!body.hasNonNull(required)) {
                send(ex, 422, JSON.createObjectNode().put("error", "Attribute '" + required + "' required!")
                        .put("error_human", "Attribute '" + required + "' required!"));
                return;
            }
        }
        long id = ids.incrementAndGet();
        String now = Instant.now().toString();
        ObjectNode t = JSON.createObjectNode();
        t.put("id", id);
        t.put("group_id", 1);
        t.put("priority_id", 2);
        t.put("state_id", 1);
        t.putNull("organization_id");
        t.put("number", Long.toString(id + 1000));
        t.put("title", body.get("title").asText());
        t.put("owner_id", 1);
        t.put("customer_id", 3);
        t.put("created_at", now);
        t.put("updated_at", now);
        t.putArray("article_ids");
        t.put("group", body.get("group").asText());
        t.put("state", body.path("state").asText("new"));
        t.put("priority", "2 normal");
        t.put("owner", "-");
        t.put("customer", body.get("customer_id").asText().replace("guess:", ""));
        t.put("created_by", "sift");
        t.put("updated_by", "sift");
        tickets.put(id, t);
        if (body.has("article")) {
            addArticle(id, body.get("article"));
        }
        send(ex, 201, t);
    }

    private ObjectNode addArticle(long ticketId, JsonNode a) {
        ObjectNode article = JSON.createObjectNode();
        long id = articleIds.incrementAndGet();
        article.put("id", id);
        article.put("ticket_id", ticketId);
        article.put("type", a.path("type").asText("note"));
        article.put("sender", "Agent");
        article.put("subject", a.path("subject").asText(null));
        article.put("body", a.path("body").asText());
        article.put("content_type", a.path("content_type").asText("text/plain"));
        article.put("internal", a.path("internal").asBoolean(false));
        article.put("created_at", Instant.now().toString());
        articles.computeIfAbsent(ticketId, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(article);
        ((ArrayNode) tickets.get(ticketId).get("article_ids")).add(id);
        return article;
    }

    private void search(HttpExchange ex, String query) throws IOException {
        Matcher title = TITLE.matcher(query == null ? "" : query);
        Matcher updated = UPDATED.matcher(query == null ? "" : query);
        String text = title.find() ? title.group(1) : null;
        Instant since = updated.find() ? Instant.parse(updated.group(1)) : null;
        ArrayNode out = JSON.createArrayNode();
        tickets.values().stream().sorted((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()))
                .filter(t -> text == null || t.get("title").asText().contains(text))
                .filter(t -> since == null || !Instant.parse(t.get("updated_at").asText()).isBefore(since))
                .forEach(out::add);
        send(ex, 200, out);
    }

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
