package dev.sift.app.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test support: a real Request Tracker 5 (Debian {@code request-tracker5} + {@code rt5-db-sqlite}) serving REST2 on
 * loopback, as real-peers.md §2 describes: a private site config ({@code RT_SITE_CONFIG}, an empty
 * {@code RT_SITE_CONFIG_DIR}), a SQLite database in the work dir, no mail, {@code rt-server} on a free port. On the
 * first start it initialises the database (about 5–15 s), sets root's password, makes an auth token for Sift and
 * a person, {@code alice}, who may own tickets. A restart keeps the work dir (and its tickets) and the port.
 *
 * <p>If RT is missing, run {@code scripts/ensure-test-peers.sh} as root.
 */
public final class RtPeer implements AutoCloseable {
    public static final Path RT_SERVER = Path.of("/usr/share/request-tracker5/libexec/rt-server");
    public static final Path SETUP = Path.of("/usr/sbin/rt-setup-database");
    public static final String ROOT_PASSWORD = "bridge-secret";
    public static final String PERSON = "alice";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int port;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private RtPeer(Path dir, int port, String token) {
        this.dir = dir;
        this.port = port;
        this.token = token;
    }

    /** Prepares the work dir (first time only) and starts RT; waits until REST2 answers. */
    public static RtPeer start(Path workDir) {
        if (!Files.isExecutable(RT_SERVER) || !Files.isExecutable(SETUP)) {
            throw new IllegalStateException("Request Tracker 5 is not installed (Debian packages request-tracker5,"
                    + " rt5-db-sqlite). Run scripts/ensure-test-peers.sh as root, then re-run the tests.");
        }
        try {
            Path dir = workDir.toAbsolutePath();
            int port = PeerProcesses.freeLoopbackPort();
            Files.createDirectories(dir.resolve("RT_SiteConfig.d"));
            Files.createDirectories(dir.resolve("mason_data"));
            Files.createDirectories(dir.resolve("session_data"));
            Files.createDirectories(dir.resolve("log"));
            Files.writeString(dir.resolve("RT_SiteConfig.pm"), siteConfig(dir, port));
            Path tokenFile = dir.resolve("token.txt");
            if (!Files.exists(dir.resolve("rtdb"))) {
                run(dir, "setup-database", List.of(SETUP.toString(), "--action", "init"));
                Path script = dir.resolve("bootstrap.pl");
                Files.writeString(script, BOOTSTRAP);
                run(dir, "bootstrap", List.of("perl", "-I/usr/share/request-tracker5/lib", script.toString(),
                        ROOT_PASSWORD, tokenFile.toString()));
            }
            RtPeer peer = new RtPeer(dir, port, Files.readString(tokenFile).strip());
            peer.launch();
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare RT in " + workDir, e);
        }
    }

    /** root's password, a token for Sift, and alice (privileged, may own and change tickets everywhere). */
    private static final String BOOTSTRAP = """
            use strict; use warnings; use RT;
            RT::LoadConfig(); RT::Init();
            my ($password, $tokenFile) = @ARGV;
            my $root = RT::User->new(RT->SystemUser); $root->Load('root') or die 'no root';
            my ($ok, $msg) = $root->SetPassword($password); die $msg unless $ok;
            my $cu = RT::CurrentUser->new; $cu->Load('root');
            my ($id, $m, $token) = RT::AuthToken->new($cu)->Create(Owner => $cu->Id, Description => 'sift');
            die $m unless $id;
            my $alice = RT::User->new(RT->SystemUser);
            ($ok, $msg) = $alice->Create(Name => 'alice', Password => 'alice-secret', Privileged => 1,
                EmailAddress => 'alice@bridge.test', RealName => 'Alice');
            die $msg unless $ok;
            my $group = RT::Group->new(RT->SystemUser); $group->LoadSystemInternalGroup('Privileged');
            for my $right (qw(OwnTicket TakeTicket ShowTicket SeeQueue ModifyTicket CommentOnTicket ReplyToTicket
                              CreateTicket)) {
                ($ok, $msg) = $group->PrincipalObj->GrantRight(Right => $right, Object => $RT::System);
                die "$right: $msg" unless $ok;
            }
            open(my $fh, '>', $tokenFile) or die $!; print $fh "$token\\n"; close $fh;
            """;

    private void launch() throws IOException {
        Path log = dir.resolve("log/rt-server.log");
        ProcessBuilder pb = new ProcessBuilder(RT_SERVER.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--max-workers", "2")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environment(pb, dir);
        process = pb.start();
        Files.writeString(dir.resolve("rt-server.pid"), process.pid() + "\n");
        awaitReady();
    }

    private static void environment(ProcessBuilder pb, Path dir) {
        pb.environment().put("RT_SITE_CONFIG", dir.resolve("RT_SiteConfig.pm").toString());
        pb.environment().put("RT_SITE_CONFIG_DIR", dir.resolve("RT_SiteConfig.d").toString());
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rt-server exited with " + process.exitValue() + " before it was"
                        + " ready; log:\n" + tail(dir.resolve("log/rt-server.log")));
            }
            try {
                HttpResponse<String> r = http.send(request("rt").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("RT not ready within " + READY_TIMEOUT + " (" + last + "); log:\n"
                + tail(dir.resolve("log/rt-server.log")));
    }

    /** Base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** An auth token of root, for Sift. */
    public String token() {
        return token;
    }

    /** Stops rt-server (SIGTERM to the master, which stops its workers), keeping the work dir. */
    public void stop() {
        if (process == null) {
            return;
        }
        PeerProcesses.stop(process, Duration.ofSeconds(15));
        process = null;
    }

    /** Starts again on the same port with the same database. */
    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    // ---- what a person or a test does in RT ---------------------------------------------------------------

    /** A new queue (as an RT admin would make it). */
    public void createQueue(String name) {
        HttpResponse<String> r = send(request("queue").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"" + name + "\"}")).build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST queue " + name + " -> " + r.statusCode() + ": " + r.body());
        }
    }

    public JsonNode ticket(String id) {
        return json(send(request("ticket/" + id).GET().build()), 200);
    }

    /** Tickets whose subject contains {@code text}, with Subject, Status, Owner and Queue. */
    public List<JsonNode> search(String text) {
        String q = "Subject LIKE '" + text.replace("'", "\\'") + "'";
        JsonNode r = json(send(request("tickets?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + "&fields=Subject,Status,Owner,Queue&per_page=100").GET().build()), 200);
        List<JsonNode> out = new ArrayList<>();
        r.path("items").forEach(out::add);
        return out;
    }

    /** The comments (and other transactions) of a ticket, as {@code Type: content} lines. */
    public List<String> history(String id) {
        JsonNode r = json(send(request("ticket/" + id + "/history?fields=Type,Content,Data&per_page=100").GET()
                .build()), 200);
        List<String> out = new ArrayList<>();
        r.path("items").forEach(t -> out.add(t.path("Type").asText() + ": " + t.path("Data").asText("")));
        return out;
    }

    /** What a person does in RT: make {@code owner} the owner (PUT Owner), or change the status. */
    public void update(String id, Map<String, String> fields) {
        try {
            HttpResponse<String> r = send(request("ticket/" + id).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(fields))).build());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("PUT ticket/" + id + " -> " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url() + "/REST/2.0/" + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("root:" + ROOT_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + r.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().uri() + " -> " + r.statusCode() + ": " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path dir, String name, List<String> command) throws IOException {
        Path log = dir.resolve("log/" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        environment(pb, dir);
        PeerProcesses.runToEnd(pb, log, SETUP_TIMEOUT, name);
    }

    private static String siteConfig(Path dir, int port) {
        return """
                Set($rtname, 'bridge.test');
                Set($Organization, 'bridge.test');
                Set($CorrespondAddress, 'rt@bridge.test');
                Set($CommentAddress, 'rt-comment@bridge.test');
                Set($WebDomain, '127.0.0.1');
                Set($WebPort, %d);
                Set($WebPath, '');
                Set($WebBaseURL, 'http://127.0.0.1:%d');
                Set($DatabaseType, 'SQLite');
                Set($DatabaseName, '%s');
                Set($MasonDataDir, '%s');
                Set($MasonSessionDir, '%s');
                Set($LogToSTDERR, 'warning');
                Set($LogToSyslog, undef);
                Set($LogToFile, undef);
                Set($MailCommand, 'testfile');
                Set($Timezone, 'UTC');
                1;
                """.formatted(port, port, dir.resolve("rtdb"), dir.resolve("mason_data"), dir.resolve("session_data"));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

}
