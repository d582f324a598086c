package dev.sift.app.faults;

import static org.awaitility.Awaitility.await;

import dev.sift.app.ChildSift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The real Sift in a child JVM ({@link ChildSift}) on a given home and port, so that a test can kill -9 it. */
public final class SiftProcess implements AutoCloseable {
    private static final Duration START_BOUND = Duration.ofMinutes(2);
    private static final Duration STOP_BOUND = Duration.ofSeconds(90);

    private final Process process;
    private final URI base;

    private SiftProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** Starts it and waits until /readyz says ready; its output is appended to {@code log}. */
    public static SiftProcess start(Path home, int port, Path log) {
        Process p;
        try {
            p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), ChildSift.class.getName(), home.toString(),
                    Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SiftProcess sift = new SiftProcess(p, URI.create("http://127.0.0.1:" + port));
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> !p.isAlive() || http.send(HttpRequest.newBuilder(sift.base.resolve("/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        if (!p.isAlive()) {
            throw new IllegalStateException("Sift did not start (exit code " + p.exitValue() + "); see " + log);
        }
        return sift;
    }

    public URI base() {
        return base;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed, its PostgreSQL is left running as an orphan. */
    public void kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Sift survived SIGKILL for " + STOP_BOUND);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM if it still runs: it stops in order, its PostgreSQL with it. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
