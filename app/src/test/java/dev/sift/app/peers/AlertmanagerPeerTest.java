package dev.sift.app.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves {@link AlertmanagerPeer} against a real Alertmanager and a tiny JDK webhook receiver. */
class AlertmanagerPeerTest {

    private static final String TOKEN = "sift-test-token-3f9c";
    private static final String PATH = "/alertmanager";
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received webhook request. */
    record Delivery(long receivedNanos, String method, String path, String authorization, String contentType,
                    String userAgent, JsonNode body) { }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private HttpServer sink;
    private ExecutorService sinkExecutor;

    @TempDir
    Path workDir;

    @BeforeEach
    void startSink() throws IOException {
        sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sinkExecutor = Executors.newSingleThreadExecutor();
        sink.setExecutor(sinkExecutor);
        sink.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                var h = exchange.getRequestHeaders();
                deliveries.add(new Delivery(System.nanoTime(), exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), h.getFirst("Authorization"),
                        h.getFirst("Content-Type"), h.getFirst("User-Agent"),
                        body.isEmpty() ? JSON.nullNode() : JSON.readTree(body)));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        sink.start();
    }

    @AfterEach
    void stopSink() {
        sink.stop(0);
        sinkExecutor.shutdownNow();
    }

    private URI sinkUrl() {
        return URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + PATH);
    }

    @Test
    void firesAndResolvesThroughRealAlertmanager() {
        Map<String, String> labels = Map.of(
                "alertname", "SiftPeerSelfTest", "zone", "XQ", "severity", "warning");
        Map<String, String> annotations = Map.of("summary", "self-test of AlertmanagerPeer");

        long t0 = System.nanoTime();
        try (AlertmanagerPeer am = AlertmanagerPeer.start(workDir, sinkUrl(), TOKEN)) {
            long ready = System.nanoTime();
            assertThat(am.url().getHost()).isEqualTo("127.0.0.1");

            long fired = System.nanoTime();
            am.fire(labels, annotations);
            am.fire(labels, annotations); // a refresh, as Prometheus would send: same startsAt, no extra webhook

            Delivery firing = awaitDelivery(am, "firing");
            long firingAt = firing.receivedNanos();

            assertThat(firing.method()).isEqualTo("POST");
            assertThat(firing.path()).isEqualTo(PATH);
            assertThat(firing.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(firing.contentType()).startsWith("application/json");
            JsonNode fb = firing.body();
            assertThat(fb.path("version").asText()).isEqualTo("4");
            assertThat(fb.path("receiver").asText()).isEqualTo(AlertmanagerPeer.RECEIVER_NAME);
            assertThat(fb.path("externalURL").asText()).isEqualTo(am.url().toString());
            assertThat(strings(fb.path("groupLabels")))
                    .isEqualTo(Map.of("alertname", "SiftPeerSelfTest"));
            assertThat(fb.path("alerts")).hasSize(1);
            JsonNode fa = fb.path("alerts").get(0);
            assertThat(fa.path("status").asText()).isEqualTo("firing");
            assertThat(strings(fa.path("labels"))).isEqualTo(labels);
            assertThat(strings(fa.path("annotations"))).isEqualTo(annotations);
            assertThat(fa.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(fa.path("fingerprint").asText()).matches("[0-9a-f]{16}");
            String startsAt = fa.path("startsAt").asText();

            long resolved = System.nanoTime();
            am.resolve(labels);

            Delivery resolvedDelivery = awaitDelivery(am, "resolved");
            long resolvedAt = resolvedDelivery.receivedNanos();
            JsonNode rb = resolvedDelivery.body();
            assertThat(resolvedDelivery.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(rb.path("alerts")).hasSize(1);
            JsonNode ra = rb.path("alerts").get(0);
            assertThat(ra.path("status").asText()).isEqualTo("resolved");
            assertThat(strings(ra.path("labels"))).isEqualTo(labels);
            assertThat(strings(ra.path("annotations"))).isEqualTo(annotations);
            assertThat(ra.path("endsAt").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
            assertThat(ra.path("startsAt").asText()).isEqualTo(startsAt);
            assertThat(ra.path("fingerprint").asText()).isEqualTo(fa.path("fingerprint").asText());

            String timings = String.format(
                    "AlertmanagerPeer timings: start->ready %d ms, fire->firing webhook %d ms, "
                            + "resolve->resolved webhook %d ms, webhooks received %d, user-agent %s",
                    ms(ready - t0), ms(firingAt - fired), ms(resolvedAt - resolved), deliveries.size(),
                    firing.userAgent());
            System.out.println(timings);
            System.err.println(timings);
        }
    }

    @Test
    void groupByIsConfigurableAndTokenIsOptional() {
        var options = AlertmanagerPeer.Options.defaults().withGroupBy("alertname", "zone");
        AlertmanagerPeer am = AlertmanagerPeer.start(workDir, sinkUrl(), null, options);
        try {
            am.fire(Map.of("alertname", "SiftPeerGroupBy", "zone", "A"), Map.of());
            Delivery d = awaitDelivery(am, "firing");
            assertThat(d.authorization()).isNull();
            assertThat(strings(d.body().path("groupLabels")))
                    .isEqualTo(Map.of("alertname", "SiftPeerGroupBy", "zone", "A"));
        } finally {
            am.close();
        }
        am.close(); // idempotent
        assertThat(ProcessHandle.of(am.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private static Map<String, String> strings(JsonNode node) {
        return JSON.convertValue(node, new TypeReference<Map<String, String>>() { });
    }

    private Delivery awaitDelivery(AlertmanagerPeer am, String status) {
        return await("a '" + status + "' webhook from " + am)
                .atMost(DELIVERY_BOUND)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> find(status), Optional::isPresent)
                .orElseThrow();
    }

    private Optional<Delivery> find(String status) {
        return deliveries.stream()
                .filter(d -> status.equals(d.body().path("status").asText()))
                .findFirst();
    }

    private static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
