package dev.sift.app.peers;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What every real peer's harness does with processes: find a free port, run a set-up command, stop a daemon. */
final class PeerProcesses {
    private PeerProcesses() {}

    /** A port free on loopback right now (the peer binds it a moment later; a clash shows as a failed start). */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    /**
     * Runs a set-up command to its end, its output in {@code log} and nothing on its standard input.
     *
     * @throws IllegalStateException naming {@code what}, with the log, when it fails or takes longer than
     *                               {@code timeout}
     */
    static void runToEnd(ProcessBuilder command, Path log, Duration timeout, String what) throws IOException {
        Process p = command.redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s; log:\n"
                        + tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + "; log:\n" + tail(log));
        }
    }

    /** SIGTERM, then SIGKILL if it has not ended within {@code timeout}. */
    static void stop(Process process, Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last 4,000 characters of a log, for a failure message. */
    static String tail(Path log) throws IOException {
        String all = Files.exists(log) ? Files.readString(log) : "(no log)";
        return all.length() <= 4000 ? all : "…" + all.substring(all.length() - 4000);
    }
}
