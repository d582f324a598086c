package dev.sift.app.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.awaitility.Awaitility;

/**
 * Test support: a private, real Icinga 2 ({@code /usr/sbin/icinga2}, Debian 12 ships 2.13.6) with its API on a free
 * loopback port and every path (config, CA and certificates, state, logs) under a work directory; nothing of
 * /etc/icinga2 or /var/lib/icinga2 is used. As in the team's verified notes on real peers (Icinga2, §1): the PKI
 * is made with {@code icinga2 pki} and the daemon runs in the foreground as a child of the test JVM, so it is stopped by its
 * PID (SIGTERM, which also stops its worker and writes the state file that a restart reads back).
 *
 * <p>Objects: hosts {@code web-xq-01}, {@code db-xq-02}; services {@code web-xq-01!endpoint-registration},
 * {@code web-xq-01!http}, {@code web-xq-01!ssh}, {@code db-xq-02!disk}, {@code db-xq-02!load},
 * {@code db-xq-02!ntp}; passive only, {@code max_check_attempts = 1} (every result is HARD at
 * once). After the first start every object is set OK/UP (PENDING would count as UNKNOWN).
 *
 * <p>Two ApiUsers: {@code sift} (what Sift is given: events, object queries, actions) and {@code harness} (all, for
 * the test's own calls). A restart can leave the {@code sift} user out, so that Sift cannot reconnect while the test
 * changes states (see {@link #restart(boolean)}).
 *
 * <p>If the binary is missing, run {@code scripts/ensure-test-peers.sh} as root.
 */
public final class Icinga2Peer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/icinga2");
    public static final String SIFT_USER = "sift";
    public static final String SIFT_PASSWORD = "sift-secret";
    private static final String HARNESS_USER = "harness";
    private static final String HARNESS_PASSWORD = "harness-secret";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int port;
    private final HttpClient http;
    private Process process;
    private Thread shutdownHook;
    private boolean closed;

    private Icinga2Peer(Path dir, int port, HttpClient http) {
        this.dir = dir;
        this.port = port;
        this.http = http;
    }

    /** Makes the CA and certificate, writes the config, starts the daemon and sets every object OK/UP. */
    public static Icinga2Peer start(Path workDir) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is not installed (Debian package icinga2). Run"
                    + " scripts/ensure-test-peers.sh as root (it installs the packages the tests need), then re-run"
                    + " the tests.");
        }
        try {
            Path dir = workDir.toAbsolutePath();
            for (String sub : List.of("lib/certs", "log", "cache", "spool", "run", "conf.d")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Icinga2Peer peer = new Icinga2Peer(dir, PeerProcesses.freeLoopbackPort(), trustingClient());
            peer.pki();
            Files.writeString(dir.resolve("icinga2.conf"), peer.mainConfig());
            Files.writeString(dir.resolve("conf.d/objects.conf"), OBJECTS);
            peer.writeSiftUser(true);
            peer.run(List.of(BINARY.toString(), "daemon", "-C", "-c", dir.resolve("icinga2.conf").toString()),
                    "validate");
            boolean ok = false;
            try {
                peer.launch();
                peer.post("/v1/actions/process-check-result", Map.of("type", "Host", "filter", "true",
                        "exit_status", 0, "plugin_output", "UP (synthetic)"));
                peer.post("/v1/actions/process-check-result", Map.of("type", "Service", "filter", "true",
                        "exit_status", 0, "plugin_output", "OK (synthetic)"));
                ok = true;
                return peer;
            } finally {
                if (!ok) {
                    peer.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Icinga2 in " + workDir, e);
        }
    }

    /** The API's base URL; the certificate is for {@code localhost} (see {@link #caFile()}). */
    public URI url() {
        return URI.create("https://localhost:" + port);
    }

    /** Icinga2's own CA, which signed the API's certificate. */
    public Path caFile() {
        return dir.resolve("lib/certs/ca.crt");
    }

    public Path workDir() {
        return dir;
    }

    /** Sets a passive check result: {@code object} is {@code host} or {@code host!service}. */
    public void result(String object, int exitStatus, String output) {
        boolean service = object.contains("!");
        post("/v1/actions/process-check-result", Map.of("type", service ? "Service" : "Host",
                service ? "service" : "host", object, "exit_status", exitStatus, "plugin_output", output));
    }

    public void acknowledge(String object, String author, String comment) {
        boolean service = object.contains("!");
        post("/v1/actions/acknowledge-problem", Map.of("type", service ? "Service" : "Host",
                service ? "service" : "host", object, "author", author, "comment", comment, "notify", false));
    }

    /** A fixed downtime from now for {@code length}; returns its full name. */
    public String scheduleDowntime(String object, String author, String comment, Duration length) {
        boolean service = object.contains("!");
        long now = System.currentTimeMillis() / 1000;
        JsonNode answer = post("/v1/actions/schedule-downtime", Map.of("type", service ? "Service" : "Host",
                service ? "service" : "host", object, "author", author, "comment", comment,
                "start_time", now, "end_time", now + length.toSeconds(), "fixed", true));
        return answer.path("results").path(0).path("name").asText();
    }

    public void removeDowntime(String name) {
        post("/v1/actions/remove-downtime", Map.of("downtime", name));
    }

    /** SIGTERM and wait: Icinga2 writes its state file while stopping. */
    public void stop() {
        if (process == null) {
            return;
        }
        try {
            PeerProcesses.stop(process, STOP_TIMEOUT);
            // the umbrella process is gone; its worker may hold the port a moment longer
            Awaitility.await("Icinga2's port " + port + " free after it stopped").atMost(STOP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> !portInUse());
        } finally {
            removeHook();
            process = null;
        }
    }

    /**
     * Starts again with the same state, CA and port. With {@code siftUser} false, the {@code sift} ApiUser does not
     * exist, so Sift's connection attempts are refused (401) while the test changes states through the harness user.
     */
    public void restart(boolean siftUser) {
        stop();
        try {
            writeSiftUser(siftUser);
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("log/daemon.log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
    }

    @Override
    public String toString() {
        return "Icinga2Peer[" + url() + ", " + dir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private List<String> defines() {
        return List.of("-DConfiguration.ConfigDir=" + dir, "-DConfiguration.DataDir=" + dir.resolve("lib"),
                "-DConfiguration.LogDir=" + dir.resolve("log"), "-DConfiguration.CacheDir=" + dir.resolve("cache"),
                "-DConfiguration.SpoolDir=" + dir.resolve("spool"),
                "-DConfiguration.InitRunDir=" + dir.resolve("run"));
    }

    private void pki() throws IOException {
        Path certs = dir.resolve("lib/certs");
        run(List.of(BINARY.toString(), "pki", "new-ca"), "pki new-ca");
        run(List.of(BINARY.toString(), "pki", "new-cert", "--cn", "localhost", "--key",
                certs.resolve("localhost.key").toString(), "--csr", certs.resolve("localhost.csr").toString()),
                "pki new-cert");
        run(List.of(BINARY.toString(), "pki", "sign-csr", "--csr", certs.resolve("localhost.csr").toString(),
                "--cert", certs.resolve("localhost.crt").toString()), "pki sign-csr");
        Files.copy(dir.resolve("lib/ca/ca.crt"), certs.resolve("ca.crt"));
    }

    private String mainConfig() {
        return """
                // written by Icinga2Peer (test support)
                const NodeName = "localhost"
                const ZoneName = "localhost"
                const TicketSalt = ""
                const PluginDir = "/usr/lib/nagios/plugins"
                const PluginContribDir = "/usr/lib/nagios/plugins"
                const ManubulonPluginDir = "/usr/lib/nagios/plugins"
                include <itl>
                include <plugins>

                object Endpoint NodeName { }
                object Zone ZoneName { endpoints = [ NodeName ] }
                object FileLogger "main-log" { severity = "information"; path = LogDir + "/icinga2.log" }
                object CheckerComponent "checker" { }
                object ApiListener "api" {
                  bind_host = "127.0.0.1"
                  bind_port = %d
                  ticket_salt = TicketSalt
                }
                object ApiUser "%s" { password = "%s"; permissions = [ "*" ] }

                include_recursive "conf.d"
                """.formatted(port, HARNESS_USER, HARNESS_PASSWORD);
    }

    private static final String OBJECTS = """
            template Host "sift-host" {
              check_command = "dummy"
              vars.dummy_state = 0
              enable_active_checks = false
              enable_passive_checks = true
              max_check_attempts = 1
            }
            template Service "sift-svc" {
              check_command = "dummy"
              vars.dummy_state = 0
              enable_active_checks = false
              enable_passive_checks = true
              max_check_attempts = 1
            }
            object Host "web-xq-01" { import "sift-host"; address = "127.0.0.1"; vars.zone = "XQ" }
            object Host "db-xq-02"  { import "sift-host"; address = "127.0.0.1"; vars.zone = "XQ" }
            object Service "endpoint-registration" { import "sift-svc"; host_name = "web-xq-01" }
            object Service "http" { import "sift-svc"; host_name = "web-xq-01" }
            object Service "disk" { import "sift-svc"; host_name = "db-xq-02" }
            object Service "ssh" { import "sift-svc"; host_name = "web-xq-01" }
            object Service "smtp" { import "sift-svc"; host_name = "web-xq-01" }
            object Service "load" { import "sift-svc"; host_name = "db-xq-02" }
            object Service "ntp" { import "sift-svc"; host_name = "db-xq-02" }
            """;

    /** The least Sift needs (docs/connectors.md): the events it follows, object queries, and the actions it writes back. */
    private void writeSiftUser(boolean present) throws IOException {
        Files.writeString(dir.resolve("conf.d/sift-user.conf"), present ? """
                object ApiUser "%s" {
                  password = "%s"
                  permissions = [ "events/StateChange", "events/AcknowledgementSet", "events/DowntimeStarted",
                    "events/DowntimeTriggered", "events/DowntimeRemoved", "objects/query/Host",
                    "objects/query/Service", "objects/query/Comment", "objects/query/Downtime",
                    "actions/acknowledge-problem", "actions/add-comment" ]
                }
                """.formatted(SIFT_USER, SIFT_PASSWORD) : "// the sift ApiUser is left out for now\n");
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "daemon", "-c",
                dir.resolve("icinga2.conf").toString()));
        cmd.addAll(defines());
        Path log = dir.resolve("log/daemon.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environment(pb);
        process = pb.start();
        Files.writeString(dir.resolve("run/peer.pid"), process.pid() + "\n");
        Process p = process;
        shutdownHook = new Thread(p::destroyForcibly, "icinga2-peer-kill-" + p.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitReady();
    }

    private void awaitReady() {
        URI status = url().resolve("/v1/status/IcingaApplication");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Icinga2 exited with " + process.exitValue() + " before it was"
                        + " ready:\n" + logTail(40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(2))
                        .header("Authorization", basic(HARNESS_USER, HARNESS_PASSWORD)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Icinga2", e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Icinga2 at " + url() + " not ready within " + READY_TIMEOUT
                        + " (last: " + last + "):\n" + logTail(40));
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS); // poll pause that also notices an early exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Icinga2", e);
            }
        }
    }

    /** A query of the object API as the harness's own ApiUser, such as {@code /v1/objects/comments}. */
    public JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url().resolve(pathAndQuery))
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json")
                    .header("Authorization", basic(HARNESS_USER, HARNESS_PASSWORD))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + pathAndQuery + " -> " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " failed; log:\n" + logTail(20), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + pathAndQuery, e);
        }
    }

    private JsonNode post(String path, Map<String, Object> body) {
        try {
            ObjectNode json = JSON.valueToTree(body);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url().resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json")
                    .header("Authorization", basic(HARNESS_USER, HARNESS_PASSWORD))
                    .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST " + path + " " + json + " -> " + r.statusCode() + ": "
                        + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed; log:\n" + logTail(20), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: POST " + path, e);
        }
    }

    private void run(List<String> command, String what) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(defines());
        Path out = dir.resolve("log/" + what.replace(' ', '-') + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        environment(pb);
        PeerProcesses.runToEnd(pb, out, Duration.ofSeconds(60), "icinga2 " + what);
    }

    /** As root, Icinga2 would drop privileges to nagios, which cannot write the work directory. */
    private static void environment(ProcessBuilder pb) {
        if ("root".equals(System.getProperty("user.name"))) {
            pb.environment().put("ICINGA2_USER", "root");
            pb.environment().put("ICINGA2_GROUP", "root");
        }
    }

    private void removeHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // JVM already shutting down; the hook will run (harmless on a dead process)
        }
        shutdownHook = null;
    }

    private boolean portInUse() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }


    /** The harness's own calls trust the peer it made; Sift's connection checks the CA (caFile). */
    private static HttpClient trustingClient() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}
                @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
                @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
                @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
                @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
                @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
                @Override public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx)
                    .connectTimeout(Duration.ofSeconds(2)).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
