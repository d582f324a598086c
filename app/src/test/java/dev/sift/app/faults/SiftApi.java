package dev.sift.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.app.TestSift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A running Sift, in this JVM or a child one, read over HTTP with the admin token the tests use. */
public final class SiftApi {
    /** One stored alert: {@code key} is its alertname, or for an event its dedup key. */
    public record StoredAlert(String key, String fingerprint, long incidentId, long count, String status) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public SiftApi(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + TestSift.ADMIN_TOKEN).GET().build());
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " → " + r.statusCode() + ": " + r.body());
        }
        return parse(r.body());
    }

    /** Creates an integration of this kind and returns its key. */
    public String integration(String kind) {
        String body = "{\"name\":\"" + TestSift.unique(kind) + "\",\"kind\":\"" + kind + "\"}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/api/v1/integrations")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + TestSift.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating an integration failed: " + r.statusCode() + " " + r.body());
        }
        return parse(r.body()).get("key").asText();
    }

    /**
     * The sum of the samples of a metric whose labels include {@code labels}, from /metrics; 0 if there is none.
     * Only the plain form {@code name{a="b",...} value} is read, which is what Micrometer writes.
     */
    public double metric(String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : get("/metrics").body().split("\n")) {
            if (!line.startsWith(name + " ") && !line.startsWith(name + "{")) {
                continue;
            }
            int valueAt = line.lastIndexOf(' ');
            String series = line.substring(0, valueAt);
            if (labels.entrySet().stream().allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                sum += Double.parseDouble(line.substring(valueAt + 1));
            }
        }
        return sum;
    }

    /** Every alert whose name (or title) contains {@code names}, page by page. */
    public List<StoredAlert> alerts(String names) {
        List<StoredAlert> all = new ArrayList<>();
        eachItem("/api/v1/alerts?q=" + encode(names), a -> all.add(new StoredAlert(
                a.path("labels").has("alertname") ? a.get("labels").get("alertname").asText()
                        : a.get("dedupKey").asText(),
                a.get("fingerprint").asText(), a.get("incidentId").asLong(), a.get("count").asLong(),
                a.get("status").asText())));
        return all;
    }

    /** The ids of every incident whose title contains {@code names}, with their status. */
    public Map<Long, String> incidents(String names) {
        Map<Long, String> all = new java.util.TreeMap<>();
        eachItem("/api/v1/incidents?q=" + encode(names), i -> all.put(i.get("id").asLong(), i.get("status").asText()));
        return all;
    }

    private void eachItem(String path, Consumer<JsonNode> action) {
        String cursor = null;
        do {
            JsonNode page = getJson(path + "&limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(action);
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
