package dev.sift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The CLI's way to a running Sift: SIFT_URL and SIFT_TOKEN, JSON in and out, problems turned into messages. */
final class SiftClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A failed call, with the message to show the user. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SiftClient(String url, String token) {
        String u = url == null || url.isBlank() ? "http://127.0.0.1:8080" : url.strip();
        this.base = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.token = token;
    }

    static SiftClient fromEnvironment() {
        return new SiftClient(System.getenv("SIFT_URL"), System.getenv("SIFT_TOKEN"));
    }

    JsonNode get(String path, Map<String, String> query) {
        return send(HttpRequest.newBuilder(uri(path, query)).GET());
    }

    /** A report as CSV text ({@code Accept: text/csv}); a failure still answers a JSON problem. */
    String getCsv(String path, Map<String, String> query) {
        HttpResponse<byte[]> res = exchange(HttpRequest.newBuilder(uri(path, query)).header("Accept", "text/csv")
                .GET());
        if (res.statusCode() >= 400) {
            problem(res);
        }
        return new String(res.body(), StandardCharsets.UTF_8);
    }

    private URI uri(String path, Map<String, String> query) {
        String q = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(base + path + (q.isEmpty() ? "" : "?" + q));
    }

    JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private JsonNode send(HttpRequest.Builder b) {
        return problem(exchange(b));
    }

    /** The body as JSON; for an error status, a failure with the problem's detail. */
    private static JsonNode problem(HttpResponse<byte[]> res) {
        JsonNode body;
        try {
            body = res.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(res.body());
        } catch (IOException e) {
            throw new Failure("HTTP " + res.statusCode() + " with a body that is not JSON");
        }
        if (res.statusCode() >= 400) {
            String detail = body.path("detail").asText(body.path("message").asText("no details"));
            throw new Failure(detail + " (HTTP " + res.statusCode() + ")");
        }
        return body;
    }

    private HttpResponse<byte[]> exchange(HttpRequest.Builder b) {
        if (token == null || token.isBlank()) {
            throw new Failure("SIFT_TOKEN is not set: export SIFT_TOKEN=<your API token>");
        }
        HttpRequest req = b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
        HttpResponse<byte[]> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new Failure("cannot reach Sift at " + base + " (is it running? set SIFT_URL)");
        } catch (IOException e) {
            throw new Failure("talking to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        return res;
    }
}
