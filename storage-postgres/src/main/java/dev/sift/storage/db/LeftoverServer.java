package dev.sift.storage.db;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what an earlier Sift may have left in the data directory before a new server starts there.
 *
 * <p>A postmaster survives the kill -9 of the JVM that started it, and a new server on the same data directory
 * would then wait and fail. Its {@code postmaster.pid} names it, so it is stopped the way an operator would. The
 * caller must hold the home's lock: only then is a running server here certainly one that nobody owns any more.
 */
final class LeftoverServer {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverServer.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private LeftoverServer() {}

    static void clear(Path data, Path binCache, Path serverLog) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        Optional<ServerProcess> named = ServerProcess.fromPidFile(pidFile);
        if (named.isEmpty()) {
            return;
        }
        ServerProcess process = named.get();
        if (!process.exists()) {
            // PostgreSQL itself removes a pid file whose process is gone (verified in EmbeddedDatabaseTest).
            LOG.info("postmaster.pid in {} names pid {}, which has ended; PostgreSQL will replace the file",
                    data, process.pid());
        } else if (!process.isRunning() || !process.isPostgresServing(data)) {
            // PostgreSQL takes any pid that answers kill(pid, 0), zombies and unrelated processes included, for a
            // live server and refuses to start ("lock file already exists"). After a container restart, pids are
            // reused quickly, even by our own JVM's threads.
            Files.deleteIfExists(pidFile);
            LOG.info("removed a stale postmaster.pid from {}: pid {} is not a PostgreSQL server there any more",
                    data, process.pid());
        } else {
            stop(process, data, binCache, serverLog);
        }
    }

    private static void stop(ServerProcess server, Path data, Path binCache, Path serverLog) throws IOException {
        long started = System.nanoTime();
        // The orphan's own pg_ctl: same version, even if Sift has been upgraded to other binaries since.
        Path bin = server.binDirectory().or(() -> ExtractedBinaries.find(binCache)).orElseThrow(
                () -> new IllegalStateException("a PostgreSQL server (pid " + server.pid() + ") still runs on " + data
                        + ", and no pg_ctl was found to stop it; stop it by hand before starting Sift"));
        int exit = run(pgCommand(bin.resolve("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t",
                Long.toString(STOP_WAIT.toSeconds()), "stop"), serverLog);
        // pg_ctl returns once the pid file is gone; the process itself may need a moment more.
        if (!server.awaitEnd(Duration.ofSeconds(10))) {
            throw new IllegalStateException("a PostgreSQL server (pid " + server.pid() + ") left running on " + data
                    + " by an earlier Sift did not stop (pg_ctl exit code " + exit + "); stop it by hand"
                    + LogTail.of(serverLog));
        }
        LOG.warn("found a PostgreSQL server left running by an earlier Sift (pid {}); stopped it ({} ms)",
                server.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** PostgreSQL refuses to run as root; zonky then runs its tools in a user namespace, and so must we. */
    static List<String> pgCommand(Path executable, String... args) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(executable.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a command with its output appended to the server log; -1 if it did not finish in time. */
    private static int run(List<String> command, Path serverLog) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile())).start();
        try {
            if (p.waitFor(STOP_WAIT.toSeconds() + 15, TimeUnit.SECONDS)) {
                return p.exitValue();
            }
            p.destroyForcibly();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }
}
