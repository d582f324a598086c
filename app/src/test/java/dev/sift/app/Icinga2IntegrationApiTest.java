package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating an integration of kind icinga2: its config is checked field by field (400 naming the field), the
 * password never comes back, and a connection that cannot work shows why in the integrations list.
 */
class Icinga2IntegrationApiTest {
    static final TestSift sift = TestSift.shared();

    @Test
    void everyBadSettingIsRefusedNamingItsField(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "not checked at creation");
        refused(null, "config", "is required for kind icinga2");
        refused("not an object", "config", "must be a JSON object");
        refused(config("url", "icinga.example.org:5665"), "config.url", "must be an https URL");
        refused(config("url", "ftp://icinga.example.org"), "config.url", "must be an https URL");
        refused(config("username", ""), "config.username", "must not be empty");
        refused(without("password"), "config.password", "is required");
        refused(config("password", 42), "config.password", "must be a string");
        refused(config("caFile", "ca.crt"), "config.caFile", "must be an absolute path");
        refused(config("caFile", dir.resolve("missing.crt").toString()), "config.caFile", "no readable file");
        refused(config("caFile", ca.toString(), "insecureTls", true), "config.insecureTls", "not both");
        refused(config("insecureTls", "yes"), "config.insecureTls", "must be true or false");
        refused(config("mirrorComments", "no"), "config.mirrorComments", "must be true or false");
        refused(config("token", "x"), "config.token", "is not a setting of icinga2");

        var r = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN, Map.of("name", TestSift.unique("am"),
                "kind", "alertmanager", "config", Map.of()));
        BadInputTest.problem(r, 400, "\"field\":\"config\"", "only an integration of kind icinga2 has a config");
    }

    @Test
    void aConnectionThatCannotWorkShowsWhyAndThePasswordIsNeverShown() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closedPort = s.getLocalPort();
        }
        String name = TestSift.unique("icinga-nowhere");
        Map<String, Object> config = config("url", "https://127.0.0.1:" + closedPort, "insecureTls", true);
        var r = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN, Map.of("name", name, "kind", "icinga2",
                "config", config));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode created = sift.body(r);
        assertThat(created.get("config").get("username").asText()).isEqualTo("sift");
        assertThat(created.get("config").get("mirrorComments").asBoolean()).as("the default").isTrue();
        assertThat(created.get("config").get("insecureTls").asBoolean()).isTrue();
        assertThat(created.get("config").has("password")).isFalse();

        JsonNode listed = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> listed(name), i -> i != null && !i.get("health").get("lastError").isNull());
        assertThat(listed.get("health").get("connected").asBoolean()).isFalse();
        assertThat(listed.get("health").get("lastError").asText()).startsWith("cannot reach https://127.0.0.1:"
                + closedPort);
        assertThat(sift.get("/api/v1/integrations", TestSift.ADMIN_TOKEN).body()).doesNotContain("s3cret-pw");

        var again = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN, Map.of("name", name, "kind", "icinga2",
                "config", config));
        BadInputTest.problem(again, 409, "already exists");
    }

    private static JsonNode listed(String name) {
        for (JsonNode i : sift.getJson("/api/v1/integrations").get("items")) {
            if (i.get("name").asText().equals(name)) {
                return i;
            }
        }
        return null;
    }

    private static void refused(Object config, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", TestSift.unique("icinga"));
        body.put("kind", "icinga2");
        if (config != null) {
            body.put("config", config);
        }
        HttpResponse<String> r = sift.post("/api/v1/integrations", TestSift.ADMIN_TOKEN, body);
        BadInputTest.problem(r, 400, "\"field\":\"" + field + "\"", message);
    }

    /** A valid config with these settings changed. */
    private static Map<String, Object> config(Object... changes) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("url", "https://icinga.example.org:5665");
        c.put("username", "sift");
        c.put("password", "s3cret-pw");
        for (int i = 0; i < changes.length; i += 2) {
            c.put((String) changes[i], changes[i + 1]);
        }
        return c;
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> c = config();
        c.remove(field);
        return c;
    }
}
