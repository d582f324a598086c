package dev.sift.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * A real Sift for tests: embedded PostgreSQL in a temporary home, HTTP on a free loopback port, the same wiring
 * as production ({@link Sift#start}). {@link #shared()} is one instance for the whole test JVM; tests that use it
 * make their own names and labels unique so they never depend on each other's data.
 */
public final class TestSift implements AutoCloseable {
    public static final String ADMIN_TOKEN = "sift_test_admin_token_0123456789";
    /** A rules file that turns grouping off: every alert episode opens its own incident. */
    public static final String NO_GROUPING = """
            grouping:
              policies:
                default:
                  mode: none
            """;
    private static TestSift shared;
    private static TestSift sharedWithoutGrouping;

    public final Sift sift;
    public final Path home;
    public final HttpClient http = HttpClient.newHttpClient();
    public final ObjectMapper json = new ObjectMapper();

    private TestSift(Sift sift, Path home) {
        this.sift = sift;
        this.home = home;
    }

    public static synchronized TestSift shared() {
        if (shared == null) {
            shared = start(newHome());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /**
     * A second shared instance, with grouping off ({@link #NO_GROUPING}), for tests of one incident per alert:
     * in the shared default instance, grouping may rightly put one test's alert into another test's incident.
     */
    public static synchronized TestSift sharedWithoutGrouping() {
        if (sharedWithoutGrouping == null) {
            sharedWithoutGrouping = start(newHome(), NO_GROUPING);
            Runtime.getRuntime().addShutdownHook(new Thread(sharedWithoutGrouping::close));
        }
        return sharedWithoutGrouping;
    }

    public static Path newHome() {
        try {
            return Files.createTempDirectory("sift-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestSift start(Path home) {
        return start(home, s -> s);
    }

    /** A Sift with settings of the test's own, such as a rules file. */
    public static TestSift start(Path home, java.util.function.UnaryOperator<Settings> settings) {
        return new TestSift(Sift.start(settings.apply(settings(home)), Clock.systemUTC(), line -> {}), home);
    }

    /** Starts a Sift with this rules file ({@code sift.yaml}, written into {@code home}). */
    public static TestSift start(Path home, String rules) {
        Path file = home.resolve("sift.yaml");
        try {
            Files.createDirectories(home);
            Files.writeString(file, rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestSift(Sift.start(settings(home).withConfigFile(file), Clock.systemUTC(), line -> {}), home);
    }

    /** Starts a Sift with this rules file and a clock of the test's own (its writer ticks by that clock). */
    public static TestSift start(Path home, String rules, Clock clock) {
        Path file = home.resolve("sift.yaml");
        try {
            Files.createDirectories(home);
            Files.writeString(file, rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestSift(Sift.start(settings(home).withConfigFile(file), clock, line -> {}), home);
    }

    private static Settings settings(Path home) {
        return Settings.fromEnvironment(Map.of()).withHome(home).withBind("127.0.0.1").withPort(0)
                .withAdminToken(ADMIN_TOKEN);
    }

    /** Test helpers for a Sift started by the test itself (with its own settings); closing it stays the test's job. */
    public static TestSift attach(Sift sift, Path home) {
        return new TestSift(sift, home);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + sift.port() + path);
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates an integration and returns its key. */
    public String integration(String kind) {
        return integration(unique(kind), kind);
    }

    /** Creates an integration with this name and returns its key. */
    public String integration(String name, String kind) {
        var r = post("/api/v1/integrations", ADMIN_TOKEN, Map.of("name", name, "kind", kind));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating an integration failed: " + r.body());
        }
        return body(r).get("key").asText();
    }

    /** Creates a user with a token and returns the token. */
    public String user(String username, String role) {
        var r = post("/api/v1/users", ADMIN_TOKEN, Map.of("username", username, "role", role));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating a user failed: " + r.body());
        }
        var t = post("/api/v1/users/" + username + "/tokens", ADMIN_TOKEN, Map.of("name", "test"));
        return body(t).get("token").asText();
    }

    public HttpResponse<String> post(String path, String bearer, Object body) {
        try {
            return postRaw(path, bearer, "application/json", json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> postRaw(String path, String bearer, String contentType, byte[] body) {
        var b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String bearer) {
        var b = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    public HttpResponse<String> delete(String path, String bearer) {
        var b = HttpRequest.newBuilder(uri(path)).DELETE();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    /** GET as admin, expecting 200, as JSON. */
    public JsonNode getJson(String path) {
        var r = get(path, ADMIN_TOKEN);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " → " + r.statusCode() + ": " + r.body());
        }
        return body(r);
    }

    public JsonNode body(HttpResponse<String> r) {
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }

    /** The incident that holds the alert with these labels' fingerprint, via the alerts API. */
    public JsonNode incidentOfAlertNamed(String alertname) {
        JsonNode alerts = getJson("/api/v1/alerts?q=" + alertname);
        if (alerts.get("items").isEmpty()) {
            return null;
        }
        long id = alerts.get("items").get(0).get("incidentId").asLong();
        return getJson("/api/v1/incidents/" + id);
    }

    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query against the embedded database, as a long. */
    public long sqlLong(String query, Object... parameters) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                + Files.readString(home.resolve("postgres/port")).strip() + "/postgres", "postgres", "");
             java.sql.PreparedStatement st = c.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sift.close();
    }
}
