package dev.sift.app.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sift.app.peers.FakeZammad;
import dev.sift.core.incident.Priority;
import dev.sift.core.journal.IncidentEvent;
import dev.sift.core.journal.JournalEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Zammad contract: what ZammadClient relies on, held against (1) the answers of Zammad's API documentation
 * ({@code src/test/resources/zammad/}, replayed by a tiny server) and (2) {@link FakeZammad}, which the end-to-end
 * tests use. Both must pass the same checks, and the fake's answers must carry every field the documented ones do.
 * Neither is a real Zammad: docs/connectors.md says so.
 */
class ZammadContractTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "zammad-test-token";
    static final JournalEntry OPENED = new JournalEntry("12-opened", 12, IncidentEvent.OPENED,
            Instant.parse("2026-11-23T10:00:00Z"), "system", "opened by db-xq-02 is down", "db-xq-02 is down",
            "triggered", Priority.P2, "dba", null, null, Map.of("source", "db-xq-02"));

    /** What the client must be able to do against a Zammad (documented, or fake). */
    static void contract(ZammadClient client, boolean stateful) throws EffectFailed {
        TicketClient.Ticket created = client.create(OPENED);
        assertThat(created.id()).isNotBlank();
        assertThat(created.incidentId()).isEqualTo(12);
        assertThat(created.status()).isEqualTo("new");
        assertThat(created.owner()).as("'-' is nobody").isNull();
        assertThat(created.active()).isTrue();
        assertThat(created.url()).endsWith("/#ticket/zoom/" + created.id());

        assertThat(client.findMarked(12)).get().extracting(TicketClient.Ticket::id).isEqualTo(created.id());
        client.comment(created.id(), "[Sift #12] All alerts recovered");
        TicketClient.Ticket read = client.get(created.id()).orElseThrow();
        assertThat(read.incidentId()).isEqualTo(12);
        client.resolve(created.id(), "[Sift #12] Incident resolved");
        if (stateful) {
            assertThat(client.get(created.id()).orElseThrow().status()).isEqualTo("closed");
            assertThat(client.get(created.id()).orElseThrow().active()).isFalse();
        }
        assertThat(client.changedSince(Instant.parse("2000-01-01T00:00:00Z")))
                .extracting(TicketClient.Ticket::incidentId).contains(12L);
    }

    @Test
    void theDocumentedAnswersPassTheContract() throws Exception {
        try (var documented = new Replay()) {
            contract(new ZammadClient(documented.url(), TOKEN, "Monitoring", null), false);
            TicketClient.Ticket taken = new ZammadClient(documented.url(), TOKEN, "Monitoring", null).get("31001")
                    .orElseThrow();
            assertThat(taken.owner()).isEqualTo("alice");
            assertThat(taken.status()).isEqualTo("open");
            assertThat(taken.updatedBy()).isEqualTo("alice");
        }
    }

    @Test
    void theFakePassesTheContractAndAnswersWithEveryDocumentedField() throws Exception {
        try (var fake = new FakeZammad(TOKEN)) {
            contract(new ZammadClient(fake.url(), TOKEN, "Monitoring", null), true);
            JsonNode ticket = JSON.valueToTree(fake.tickets().getFirst());
            assertThat(fields(ticket)).containsAll(fields(fixture("tickets-search.json").get(0)));
            JsonNode article = JSON.valueToTree(fake.articles(ticket.get("id").asLong()).getFirst());
            assertThat(fields(article)).containsAll(Set.of("id", "ticket_id", "type", "body", "internal",
                    "content_type", "sender", "created_at"));
            assertThat(fake.articles(ticket.get("id").asLong())).allSatisfy(a -> {
                assertThat(a.get("type").asText()).isEqualTo("note");
                assertThat(a.get("internal").asBoolean()).isTrue();
            });
        }
    }

    @Test
    void aWrongTokenIsAClearFailureBothWays() throws Exception {
        try (var fake = new FakeZammad(TOKEN); var documented = new Replay()) {
            for (String url : new String[] {fake.url(), documented.url()}) {
                assertThatThrownBy(() -> new ZammadClient(url, "wrong", "Monitoring", null).create(OPENED))
                        .isInstanceOf(EffectFailed.class).hasMessageContaining("HTTP 401")
                        .hasMessageContaining("ticket.agent");
            }
        }
    }

    static Set<String> fields(JsonNode o) {
        Set<String> out = new HashSet<>();
        for (Iterator<String> i = o.fieldNames(); i.hasNext(); ) {
            out.add(i.next());
        }
        return out;
    }

    static JsonNode fixture(String name) {
        try (InputStream in = ZammadContractTest.class.getResourceAsStream("/zammad/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves the documented answers: the same answer whatever the ticket, as the documentation shows it. */
    static final class Replay implements AutoCloseable {
        final HttpServer server;

        Replay() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/v1/", ex -> {
                try (ex) {
                    ex.getRequestBody().readAllBytes();
                    String path = ex.getRequestURI().getPath();
                    String method = ex.getRequestMethod();
                    String file;
                    int status;
                    if (!("Token token=" + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                        file = "error-401.json";
                        status = 401;
                    } else if (method.equals("POST") && path.equals("/api/v1/tickets")) {
                        file = "ticket-create-response.json";
                        status = 201;
                    } else if (method.equals("GET") && path.equals("/api/v1/tickets/search")) {
                        file = "tickets-search.json";
                        status = 200;
                    } else if (method.equals("PUT")) {
                        file = "ticket-update-closed.json";
                        status = 200;
                    } else if (method.equals("GET")) {
                        file = "ticket-get.json";
                        status = 200;
                    } else if (method.equals("POST") && path.equals("/api/v1/ticket_articles")) {
                        file = "ticket-article-create-response.json";
                        status = 201;
                    } else {
                        file = "error-422.json";
                        status = 422;
                    }
                    byte[] body = JSON.writeValueAsBytes(fixture(file));
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(status, body.length);
                    ex.getResponseBody().write(body);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
