package dev.sift.cli;

import dev.sift.app.Settings;
import dev.sift.app.Sift;
import dev.sift.app.config.InvalidConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the Sift service (embedded PostgreSQL in SIFT_HOME unless SIFT_DATABASE_URL is set).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (SIFT_PORT, default 8080)")
    Integer port;

    @Option(names = "--bind", description = "Address to listen on (SIFT_BIND, default 0.0.0.0)")
    String bind;

    @Option(names = "--config", description = "Rules file (SIFT_CONFIG; built-in defaults when absent)")
    Path config;

    @Option(names = "--home", description = "Data directory (SIFT_HOME, default ./sift-data)")
    Path home;

    @Override
    public Integer call() throws InterruptedException {
        Settings s = Settings.fromEnvironment(System.getenv());
        if (port != null) s = s.withPort(port);
        if (bind != null) s = s.withBind(bind);
        if (config != null) s = s.withConfigFile(config);
        if (home != null) s = s.withHome(home);
        Sift sift;
        try {
            sift = Sift.start(s, Clock.systemUTC(), System.out::println);
        } catch (InvalidConfig e) {
            System.err.println("sift: the rules file has " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sift.close();
            stopped.countDown();
        }, "sift-shutdown"));
        stopped.await();
        return 0;
    }
}
