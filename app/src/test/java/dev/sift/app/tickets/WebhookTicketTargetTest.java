package dev.sift.app.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sift.app.TestSift;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generic webhook ticket target, with a real HTTP receiver: each significant event of an incident arrives as
 * the template says, signed, in the incident's order — also when the receiver fails for a while (later events
 * wait for the first), and the same delivery id on a retry.
 */
class WebhookTicketTargetTest {
    static final String SECRET = "desk-signing-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    static HttpServer receiver;
    static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger failNext = new AtomicInteger();
    static TestSift sift;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/desk", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int status = failNext.getAndDecrement() > 0 ? 503 : 200;
            if (status == 200) {
                received.add(Map.of("body", new String(body, StandardCharsets.UTF_8),
                        "event", ex.getRequestHeaders().getFirst("X-Sift-Event"),
                        "delivery", ex.getRequestHeaders().getFirst("X-Sift-Delivery"),
                        "valid", Boolean.toString(signed(ex.getRequestHeaders().getFirst("X-Sift-Timestamp"), body,
                                ex.getRequestHeaders().getFirst("X-Sift-Signature")))));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        sift = TestSift.start(TestSift.newHome(), TestSift.NO_GROUPING + """
                notifications:
                  attempts: 100
                  backoff: 200ms
                  maxBackoff: 500ms
                """);
        key = sift.integration("events");
        var r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "desk", "kind", "webhook",
                "config", Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/desk",
                        "secret", SECRET,
                        "template", "{\"summary\": \"{{title}}\", \"what\": \"{{event}}\", \"ref\": \"{{incidentId}}\"}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain(SECRET);
    }

    @AfterAll
    static void stop() {
        if (sift != null) {
            sift.close();
        }
        receiver.stop(0);
    }

    static boolean signed(String timestamp, byte[] body, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).equals(signature);
        } catch (Exception e) {
            return false;
        }
    }

    static void event(String dedup, String action) {
        var r = sift.post("/v2/enqueue", null, Map.of("routing_key", key, "event_action", action, "dedup_key", dedup,
                "payload", Map.of("summary", dedup + " \"quoted\" is down", "source", "web-1", "severity", "error")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    @Test
    void eventsArriveAsTheTemplateSaysSignedAndInOrderAfterTheReceiverRecovers() throws Exception {
        failNext.set(3);
        String dedup = TestSift.unique("api");
        event(dedup, "trigger");
        event(dedup, "resolve");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received.stream()
                .filter(m -> m.get("body").contains(dedup)).count()).as(received.toString()).isGreaterThanOrEqualTo(2));
        List<Map<String, String>> mine = received.stream().filter(m -> m.get("body").contains(dedup)).toList();
        assertThat(mine).extracting(m -> m.get("event"))
                .containsExactly("opened", "resolved"); // the resolve waited for the opened one to get through
        assertThat(mine).allSatisfy(m -> assertThat(m.get("valid")).isEqualTo("true"));
        JsonNode first = JSON.readTree(mine.getFirst().get("body"));
        assertThat(first.get("summary").asText()).isEqualTo(dedup + " \"quoted\" is down");
        assertThat(first.get("what").asText()).isEqualTo("opened");
        assertThat(mine).extracting(m -> m.get("delivery")).doesNotHaveDuplicates();
    }

    @Test
    void aWebhookWithoutUrlIsRefusedNamingTheField() {
        var r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "desk2", "kind", "webhook",
                "config", Map.of("secret", "x")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(sift.body(r).get("field").asText()).isEqualTo("config.url");
        r = sift.post("/api/v1/ticket-systems", TestSift.ADMIN_TOKEN, Map.of("name", "desk", "kind", "webhook",
                "config", Map.of("url", "http://127.0.0.1:1/x")));
        assertThat(r.statusCode()).isEqualTo(409);
    }
}
