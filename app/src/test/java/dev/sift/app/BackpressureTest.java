package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the writer cannot keep up, ingest refuses at once instead of growing memory: 503 for Alertmanager (which
 * retries 5xx but drops alerts on 4xx), 429 for PagerDuty-style senders, both with Retry-After, storing nothing.
 * The writer is held up for real: another session locks the timeline table, so a commit waits.
 */
class BackpressureTest {
    @Test
    void aFullQueueIsRefusedWithRetryAfterAndLosesNothingAccepted(@TempDir Path home) throws Exception {
        Settings s = Settings.fromEnvironment(Map.of()).withHome(home).withBind("127.0.0.1").withPort(0)
                .withAdminToken(TestSift.ADMIN_TOKEN).withQueueCapacity(2);
        try (Sift running = Sift.start(s, Clock.systemUTC(), line -> {})) {
            TestSift sift = TestSift.attach(running, home);
            String amKey = sift.integration("alertmanager");
            String eventsKey = sift.integration("events");
            int dbPort = Integer.parseInt(Files.readString(home.resolve("postgres/port")).strip());
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            try (Connection lock = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres",
                    "postgres", "")) {
                lock.setAutoCommit(false);
                try (Statement st = lock.createStatement()) {
                    st.execute("lock table timeline in access exclusive mode");
                }
                // One request blocks inside the commit, two more fill the queue.
                for (int i = 0; i < 3; i++) {
                    held.add(sift.http.sendAsync(amRequest(sift, amKey, "Held-" + i), HttpResponse.BodyHandlers.ofString()));
                    int waiting = i;
                    await().atMost(Duration.ofSeconds(10)).until(() -> metric(sift, "sift_queue_depth")
                            >= Math.min(waiting, 2));
                }
                var refused = sift.http.send(amRequest(sift, amKey, "Refused"), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(refused.body()).contains("at capacity", "nothing was stored");

                var event = sift.post("/v2/enqueue", null, EventsIngestTest.trigger(eventsKey, "refused-event",
                        "Refused event", "info"));
                assertThat(event.statusCode()).isEqualTo(429);
                assertThat(event.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(held).allMatch(f -> !f.isDone());
                lock.commit(); // the writer goes on
            }
            for (var f : held) {
                assertThat(f.get().statusCode()).as(f.get().body()).isEqualTo(200);
            }
            assertThat(sift.getJson("/api/v1/alerts?q=Held-").get("items")).hasSize(3);
            assertThat(sift.getJson("/api/v1/alerts?q=Refused").get("items")).isEmpty();
        }
    }

    static HttpRequest amRequest(TestSift sift, String key, String alertname) {
        String body = "{\"alerts\":[{\"labels\":{\"alertname\":\"" + alertname + "\"}}]}";
        return HttpRequest.newBuilder(sift.uri("/api/v1/integrations/alertmanager"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static double metric(TestSift sift, String name) {
        for (String line : sift.get("/metrics", null).body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).strip());
            }
        }
        return -1;
    }
}
