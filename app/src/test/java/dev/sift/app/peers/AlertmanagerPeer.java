package dev.sift.app.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test support: a real Prometheus Alertmanager ({@code /usr/bin/prometheus-alertmanager}, Debian 12 ships 0.25)
 * running on loopback with a private config and storage under a work directory. Everything is routed to one
 * webhook receiver ({@code send_resolved: true}), optionally with {@code Authorization: Bearer <token>}.
 *
 * <p>Alerts are injected through {@code POST /api/v2/alerts}, the same API Prometheus uses, so no Prometheus is
 * needed. With the default {@link Options} (group_wait 1s, group_interval 1s) the first firing webhook arrives
 * about 1 s after {@link #fire}, and the resolved one about 1 s after {@link #resolve}.
 *
 * <p>If the binary is missing, run {@code scripts/ensure-test-peers.sh} as root.
 */
public final class AlertmanagerPeer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    public static final Path AMTOOL = Path.of("/usr/bin/amtool");
    public static final String RECEIVER_NAME = "sift-webhook";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Routing options for the single root route.
     *
     * @param groupBy        labels to group by ({@code List.of("...")} groups by all labels; empty = one group)
     * @param groupWait      wait before the first notification of a new group
     * @param groupInterval  tick at which changes (new / resolved alerts) are sent
     * @param repeatInterval re-send of an unchanged group
     * @param firingFor      how far in the future {@link #fire} sets {@code endsAt}
     */
    public record Options(List<String> groupBy, Duration groupWait, Duration groupInterval,
                          Duration repeatInterval, Duration firingFor) {
        public Options {
            groupBy = List.copyOf(groupBy);
            Objects.requireNonNull(groupWait, "groupWait");
            Objects.requireNonNull(groupInterval, "groupInterval");
            Objects.requireNonNull(repeatInterval, "repeatInterval");
            Objects.requireNonNull(firingFor, "firingFor");
        }

        /** group_by ['alertname'], group_wait 1s, group_interval 1s, repeat_interval 1h, alerts fire for 1h. */
        public static Options defaults() {
            return new Options(List.of("alertname"), Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofHours(1), Duration.ofHours(1));
        }

        public Options withGroupBy(String... labels) {
            return new Options(List.of(labels), groupWait, groupInterval, repeatInterval, firingFor);
        }

        public Options withGroupWait(Duration d) {
            return new Options(groupBy, d, groupInterval, repeatInterval, firingFor);
        }

        public Options withGroupInterval(Duration d) {
            return new Options(groupBy, groupWait, d, repeatInterval, firingFor);
        }

        public Options withRepeatInterval(Duration d) {
            return new Options(groupBy, groupWait, groupInterval, d, firingFor);
        }

        public Options withFiringFor(Duration d) {
            return new Options(groupBy, groupWait, groupInterval, repeatInterval, d);
        }
    }

    private final Path workDir;
    private final Path logFile;
    private final Options options;
    private final URI url;
    private final Process process;
    private final Thread shutdownHook;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Per label set: startsAt of the current firing episode and the last annotations; cleared by resolve. */
    private final Map<Map<String, String>, Episode> episodes = new ConcurrentHashMap<>();

    private record Episode(Instant startsAt, Map<String, String> annotations) { }

    private AlertmanagerPeer(Path workDir, Path logFile, Options options, URI url, Process process,
                             Thread shutdownHook, HttpClient http) {
        this.workDir = workDir;
        this.logFile = logFile;
        this.options = options;
        this.url = url;
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.http = http;
    }

    /** Starts with {@link Options#defaults()}. {@code bearerToken} may be null (no Authorization header). */
    public static AlertmanagerPeer start(Path workDir, URI webhookUrl, String bearerToken) {
        return start(workDir, webhookUrl, bearerToken, Options.defaults());
    }

    /**
     * Writes {@code <workDir>/alertmanager.yml}, validates it with amtool (if present), starts Alertmanager on a
     * free 127.0.0.1 port (no cluster gossip) and waits until {@code GET /-/ready} answers 200.
     */
    public static AlertmanagerPeer start(Path workDir, URI webhookUrl, String bearerToken, Options options) {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(options, "options");
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is not installed (Debian package prometheus-alertmanager). "
                    + "Run scripts/ensure-test-peers.sh as root (it installs the packages the tests need), "
                    + "then re-run the tests.");
        }
        try {
            Path dir = workDir.toAbsolutePath();
            Files.createDirectories(dir.resolve("data"));
            Path config = dir.resolve("alertmanager.yml");
            Files.writeString(config, configYaml(webhookUrl, bearerToken, options), StandardCharsets.UTF_8);
            checkConfig(config);
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            IllegalStateException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                try {
                    return launch(dir, config, options, http);
                } catch (PortTakenException e) {
                    last = e; // another process grabbed the port between probe and bind: try another one
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Alertmanager in " + workDir, e);
        }
    }

    private static AlertmanagerPeer launch(Path dir, Path config, Options options, HttpClient http)
            throws IOException {
        int port = PeerProcesses.freeLoopbackPort();
        String hostPort = "127.0.0.1:" + port;
        URI base = URI.create("http://" + hostPort);
        Path log = dir.resolve("alertmanager.log");
        Files.writeString(log, ""); // a fresh log per attempt, so the tail belongs to this process
        List<String> cmd = List.of(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=" + hostPort,
                "--web.external-url=" + base,
                "--cluster.listen-address=");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Files.writeString(dir.resolve("alertmanager.pid"), p.pid() + "\n");
        Thread hook = new Thread(p::destroyForcibly, "alertmanager-peer-kill-" + p.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        AlertmanagerPeer peer = new AlertmanagerPeer(dir, log, options, base, p, hook, http);
        boolean ok = false;
        try {
            peer.awaitReady();
            ok = true;
            return peer;
        } finally {
            if (!ok) {
                peer.close();
            }
        }
    }

    private void awaitReady() {
        URI ready = url.resolve("/-/ready");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastProblem = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                String tail = logTail(40);
                String msg = "Alertmanager exited with code " + process.exitValue() + " before it was ready ("
                        + url + "). Log " + logFile + ":\n" + tail;
                if (tail.contains("address already in use")) {
                    throw new PortTakenException(msg);
                }
                throw new IllegalStateException(msg);
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(1)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + r.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Alertmanager", e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Alertmanager at " + url + " not ready within " + READY_TIMEOUT
                        + " (last: " + lastProblem + "). Log " + logFile + ":\n" + logTail(40));
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS); // poll pause that also notices an early exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Alertmanager", e);
            }
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI url() {
        return url;
    }

    public Options options() {
        return options;
    }

    public Path workDir() {
        return workDir;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Posts a firing alert: {@code startsAt} is the time of the first {@code fire} for this label set since the
     * last {@link #resolve} of it (stable across repeated calls), {@code endsAt} is now + {@link Options#firingFor}.
     */
    public void fire(Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> key = labelKey(labels);
        Map<String, String> ann = Map.copyOf(annotations);
        Instant now = now();
        Episode e = episodes.compute(key, (k, old) -> new Episode(old == null ? now : old.startsAt(), ann));
        postAlert(key, ann, e.startsAt(), now.plus(options.firingFor()));
    }

    public void fire(Map<String, String> labels) {
        fire(labels, Map.of());
    }

    /**
     * Posts the alert with {@code endsAt} = now (and the annotations of the last {@link #fire}, as Prometheus
     * does; Alertmanager 0.25 replaces annotations with those of the latest post, so posting none would empty
     * them in the resolved webhook). Alertmanager marks it resolved and, on the next group_interval tick, sends a
     * resolved webhook, but only if its group was notified as firing before. A later {@link #fire} for the same
     * labels starts a new episode with a new {@code startsAt} (same fingerprint).
     */
    public void resolve(Map<String, String> labels) {
        Map<String, String> key = labelKey(labels);
        Instant now = now();
        Episode e = episodes.remove(key);
        // Alertmanager rejects endsAt < startsAt; without a known start, resolve an instant alert.
        Instant start = e != null && !e.startsAt().isAfter(now) ? e.startsAt() : now;
        postAlert(key, e == null ? Map.of() : e.annotations(), start, now);
    }

    /** Raw JSON of {@code GET /api/v2/alerts} (for debugging and assertions). */
    public String alertsJson() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url.resolve("/api/v2/alerts"))
                .timeout(HTTP_TIMEOUT).GET().build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v2/alerts -> " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Raw JSON of {@code GET /api/v2/silences}: every silence with its matchers, endsAt and status.state. */
    public String silencesJson() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url.resolve("/api/v2/silences"))
                .timeout(HTTP_TIMEOUT).GET().build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v2/silences -> " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** The last {@code lines} lines of Alertmanager's combined stdout/stderr. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    /** SIGTERM, wait up to 10 s, then SIGKILL. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            PeerProcesses.stop(process, STOP_TIMEOUT);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down; the hook will run (harmless on a dead process)
            }
        }
    }

    @Override
    public String toString() {
        return "AlertmanagerPeer[" + url + ", pid " + process.pid() + ", " + workDir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private void postAlert(Map<String, String> labels, Map<String, String> annotations, Instant start,
                           Instant end) {
        ArrayNode body = JSON.createArrayNode();
        ObjectNode alert = body.addObject();
        ObjectNode l = alert.putObject("labels");
        labels.forEach(l::put);
        ObjectNode a = alert.putObject("annotations");
        new TreeMap<>(annotations).forEach(a::put);
        alert.put("startsAt", start.toString());
        alert.put("endsAt", end.toString());
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(url.resolve("/api/v2/alerts"))
                .timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST /api/v2/alerts " + json + " -> " + r.statusCode() + ": "
                    + r.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed; log tail:\n"
                    + logTail(20), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    private static Map<String, String> labelKey(Map<String, String> labels) {
        TreeMap<String, String> key = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) { // Alertmanager drops empty-valued labels too
                key.put(k, v);
            }
        });
        if (key.isEmpty()) {
            throw new IllegalArgumentException("an alert needs at least one non-empty label: " + labels);
        }
        return Collections.unmodifiableSortedMap(key);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static String configYaml(URI webhookUrl, String bearerToken, Options o) {
        StringBuilder y = new StringBuilder();
        y.append("# written by AlertmanagerPeer (test support)\n");
        y.append("route:\n");
        y.append("  receiver: ").append(quote(RECEIVER_NAME)).append('\n');
        y.append("  group_by: [");
        for (int i = 0; i < o.groupBy().size(); i++) {
            y.append(i == 0 ? "" : ", ").append(quote(o.groupBy().get(i)));
        }
        y.append("]\n");
        y.append("  group_wait: ").append(duration(o.groupWait())).append('\n');
        y.append("  group_interval: ").append(duration(o.groupInterval())).append('\n');
        y.append("  repeat_interval: ").append(duration(o.repeatInterval())).append('\n');
        y.append("receivers:\n");
        y.append("  - name: ").append(quote(RECEIVER_NAME)).append('\n');
        y.append("    webhook_configs:\n");
        y.append("      - url: ").append(quote(webhookUrl.toString())).append('\n');
        y.append("        send_resolved: true\n");
        if (bearerToken != null && !bearerToken.isEmpty()) {
            y.append("        http_config:\n");
            y.append("          authorization:\n");
            y.append("            type: Bearer\n");
            y.append("            credentials: ").append(quote(bearerToken)).append('\n');
        }
        return y.toString();
    }

    /** YAML single-quoted scalar. */
    private static String quote(String s) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("line breaks are not supported in config values");
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /** Prometheus duration syntax (e.g. 1s, 250ms, 1h). */
    static String duration(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + d);
        }
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        if (s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }

    private static void checkConfig(Path config) throws IOException {
        if (!Files.isExecutable(AMTOOL)) {
            return;
        }
        Path out = config.resolveSibling("amtool-check-config.log");
        PeerProcesses.runToEnd(new ProcessBuilder(AMTOOL.toString(), "check-config", config.toString()), out,
                Duration.ofSeconds(10), "amtool check-config " + config);
    }


    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
