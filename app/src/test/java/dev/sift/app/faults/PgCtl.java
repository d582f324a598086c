package dev.sift.app.faults;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A Sift home's embedded PostgreSQL, stopped and started from outside with its own {@code pg_ctl}, the way an
 * operator would: the server is really down in between (its port refuses connections), and it comes back on the
 * same data directory and port.
 */
public final class PgCtl {
    private final Path data;
    private final Path pgCtl;
    private final int port;
    private final Path log;

    private PgCtl(Path data, Path pgCtl, int port, Path log) {
        this.data = data;
        this.pgCtl = pgCtl;
        this.port = port;
        this.log = log;
    }

    /** For the server that runs now in {@code home}: its own binaries, found through /proc. */
    public static PgCtl of(Path home) {
        Path root = home.resolve("postgres");
        Path data = root.resolve("data");
        long pid = postmasterPid(data).orElseThrow(() -> new IllegalStateException("no server runs in " + data));
        try {
            Path bin = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).getParent();
            int port = Integer.parseInt(Files.readString(root.resolve("port"), StandardCharsets.US_ASCII).strip());
            return new PgCtl(data, bin.resolve("pg_ctl"), port, root.resolve("server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid named in the data directory's postmaster.pid, if there is one. */
    public static OptionalLong postmasterPid(Path data) {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.getFirst().strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Stops the server of {@code home} if one runs there, e.g. one that a killed Sift left behind. */
    public static void stopIfRunning(Path home) {
        OptionalLong pid = postmasterPid(home.resolve("postgres/data"));
        if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            of(home).stop();
        }
    }

    public OptionalLong postmasterPid() {
        return postmasterPid(data);
    }

    /** Fast shutdown: open connections are cut and their transactions roll back; committed data stays. */
    public void stop() {
        run("-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
        if (accepts()) {
            throw new IllegalStateException("PostgreSQL still accepts connections on port " + port + " after stop");
        }
    }

    /** {@code pg_ctl restart} of a stopped server starts it with the options of its last start: the same port. */
    public void start() {
        run("-D", data.toString(), "-w", "-t", "120", "restart");
        if (!accepts()) {
            throw new IllegalStateException("PostgreSQL does not accept connections on port " + port + " after start");
        }
    }

    public boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void run(String... args) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) { // PostgreSQL refuses to run as root; zonky started it this way too
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(pgCtl.toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 180 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue()
                        + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
