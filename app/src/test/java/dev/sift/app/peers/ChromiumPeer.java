package dev.sift.app.peers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Test support: a real headless Chromium (Debian's {@code chromium}) driven through Debian's {@code chromedriver},
 * both named by path, so Selenium never looks for or downloads a driver or a browser. chromedriver runs as our own
 * child process on a free loopback port, with its log and the browser profile under a work directory; Selenium talks
 * to it as a remote end. {@link #close()} quits the browser, then stops chromedriver and anything left under it by
 * PID.
 *
 * <p>If the binaries are missing, run {@code scripts/ensure-test-peers.sh} as root.
 */
public final class ChromiumPeer implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path workDir;
    private final Process driverProcess;
    private final Thread shutdownHook;
    private final RemoteWebDriver driver;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChromiumPeer(Path workDir, Process driverProcess, Thread shutdownHook, RemoteWebDriver driver) {
        this.workDir = workDir;
        this.driverProcess = driverProcess;
        this.shutdownHook = shutdownHook;
        this.driver = driver;
    }

    /** Starts chromedriver, waits (bounded) until it answers, and opens one headless browser window. */
    public static ChromiumPeer start(Path workDir) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: run scripts/ensure-test-peers.sh as root");
            }
        }
        Process p = null;
        Thread hook = null;
        try {
            Path dir = Files.createDirectories(workDir.toAbsolutePath());
            int port = PeerProcesses.freeLoopbackPort();
            p = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=",
                    "--log-path=" + dir.resolve("chromedriver.log"))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("chromedriver.out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            Files.writeString(dir.resolve("chromedriver.pid"), p.pid() + "\n");
            Process started = p;
            hook = new Thread(() -> stopTree(started), "chromium-peer-kill-" + p.pid());
            Runtime.getRuntime().addShutdownHook(hook);
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitReady(p, base, dir);

            var options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--no-first-run", "--no-default-browser-check", "--window-size=1360,900",
                    "--user-data-dir=" + dir.resolve("profile"));
            RemoteWebDriver driver = new RemoteWebDriver(base.toURL(), options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new ChromiumPeer(dir, p, hook, driver);
        } catch (IOException | RuntimeException e) {
            if (p != null) {
                stopTree(p);
            }
            if (hook != null) {
                removeHook(hook);
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Writes the current page as {@code target/screenshots/<name>.png} (relative to the module) and returns it. */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // the browser may be gone already; what matters is that no process stays behind
        } finally {
            stopTree(driverProcess);
            removeHook(shutdownHook);
        }
    }

    @Override
    public String toString() {
        return "ChromiumPeer[pid " + driverProcess.pid() + ", " + workDir + "]";
    }

    private static void awaitReady(Process p, URI base, Path dir) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() - deadline < 0) {
            if (!p.isAlive()) {
                throw new IllegalStateException("chromedriver exited with code " + p.exitValue()
                        + " before it was ready; see " + dir.resolve("chromedriver.out"));
            }
            try {
                var r = http.send(HttpRequest.newBuilder(base.resolve("/status")).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"ready\":true")) {
                    return;
                }
                last = "HTTP " + r.statusCode() + ": " + r.body();
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for chromedriver", e);
            }
            try {
                Thread.sleep(100); // polling a child process's readiness, not synchronising test steps
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for chromedriver", e);
            }
        }
        throw new IllegalStateException("chromedriver was not ready within " + READY_TIMEOUT.toSeconds() + " s: "
                + last);
    }

    /**
     * SIGTERM to chromedriver and every process under it (the browser and its helpers), by PID; SIGKILL to what
     * is still alive after a bounded wait. A zombie has exited: it counts as stopped.
     */
    private static void stopTree(Process p) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle h : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down; the hook runs and finds nothing left
        }
    }

}
