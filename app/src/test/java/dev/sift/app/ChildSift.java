package dev.sift.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Runs the real Sift in a separate JVM, so that a test can kill it with SIGKILL. Args: home port. */
public final class ChildSift {
    private ChildSift() {}

    public static void main(String[] args) throws InterruptedException {
        Settings s = Settings.fromEnvironment(Map.of()).withHome(Path.of(args[0])).withBind("127.0.0.1")
                .withPort(Integer.parseInt(args[1])).withAdminToken(TestSift.ADMIN_TOKEN);
        Sift sift = Sift.start(s, Clock.systemUTC(), System.out::println);
        // SIGTERM (a test cleaning up) stops it in order, its PostgreSQL included; kill -9 runs no hook at all.
        Runtime.getRuntime().addShutdownHook(new Thread(sift::close));
        System.out.println("READY");
        Thread.currentThread().join();
    }
}
