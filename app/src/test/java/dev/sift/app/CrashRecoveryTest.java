package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a running Sift in the middle of an ingest burst, then a restart on the same data: every alert whose
 * request was answered 2xx is there, with at least the count that was acknowledged.
 */
class CrashRecoveryTest {
    @Test
    void everySignalAnswered2xxSurvivesAKill9(@TempDir Path home) throws Exception {
        int port = freePort();
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), ChildSift.class.getName(), home.toString(),
                Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(home.resolve("child.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

        var created = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/integrations"))
                .header("Authorization", "Bearer " + TestSift.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"crash\",\"kind\":\"alertmanager\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String key = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("key").asText();

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int n = 0; !stop.get() && n < 100_000; n++) {
                    String name = "Crash-" + thread + "-" + n;
                    String body = "{\"version\":\"4\",\"alerts\":[{\"labels\":{\"alertname\":\"" + name
                            + "\",\"severity\":\"warning\"},\"startsAt\":\"2026-11-22T07:00:00Z\"}]}";
                    try {
                        sent.incrementAndGet();
                        var r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/integrations/alertmanager"))
                                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            acknowledged.add(name);
                        }
                    } catch (IOException | InterruptedException e) {
                        return; // the server is gone
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is left orphaned
        child.waitFor();
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        Set<String> acked = new HashSet<>(acknowledged);

        try (TestSift restarted = TestSift.start(home)) {
            Set<String> stored = new HashSet<>();
            String cursor = null;
            do {
                var page = restarted.getJson("/api/v1/alerts?limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
                page.get("items").forEach(a -> stored.add(a.get("labels").get("alertname").asText()));
                cursor = page.get("next").isNull() ? null : page.get("next").asText();
            } while (cursor != null);
            List<String> lost = new ArrayList<>(acked);
            lost.removeAll(stored);
            assertThat(lost).as("alerts answered 200 but missing after kill -9 (%d acknowledged of %d sent)",
                    acked.size(), sent.get()).isEmpty();
            assertThat(stored.size()).isGreaterThanOrEqualTo(acked.size());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
