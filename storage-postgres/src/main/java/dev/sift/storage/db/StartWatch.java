package dev.sift.storage.db;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Cuts a failed start short. zonky runs {@code pg_ctl start -w} but ignores its outcome and polls the port until
 * its own wait (60 s) is over, so a server that dies at once (bad configuration, port taken, data directory of
 * another PostgreSQL version) would keep start() waiting a minute for nothing. pg_ctl is a child of this JVM, so
 * its end can be waited for; if no server runs once it has ended (or the server it started dies later), the
 * starting thread is interrupted, which ends zonky's wait at its next poll (zonky then returns normally, so the
 * caller asks {@link #end()}).
 */
final class StartWatch {
    private final Thread starter = Thread.currentThread();
    private final Path data;
    private final Thread watcher;
    private boolean over; // guarded by this
    private boolean cutShort; // guarded by this

    private StartWatch(Path data) {
        this.data = data;
        this.watcher = Thread.ofVirtual().name("postgres-start-watch").unstarted(this::watch);
    }

    static StartWatch begin(Path data) {
        StartWatch w = new StartWatch(data);
        w.watcher.start();
        return w;
    }

    /** Ends the watch; true if the start was cut short because the server had failed. */
    synchronized boolean end() {
        over = true;
        watcher.interrupt();
        if (cutShort) {
            Thread.interrupted(); // the interrupt was ours, and has served its purpose
        }
        return cutShort;
    }

    private void watch() {
        try {
            Optional<ProcessHandle> pgCtl = awaitPgCtlStart();
            if (pgCtl.isEmpty()) {
                return;
            }
            pgCtl.get().onExit().get();
            // pg_ctl -w ends once the server is ready, or has died, or after its own 60 s (a long crash recovery:
            // the server runs on, and so does zonky's wait). Until the start is over, watch that server instead.
            Optional<ServerProcess> server = ServerProcess.fromPidFile(data.resolve("postmaster.pid"))
                    .filter(p -> p.isRunning() && p.isPostgresServing(data));
            while (server.isPresent() && server.get().isRunning()) {
                Thread.sleep(100); // end() interrupts this
            }
            synchronized (this) {
                if (!over) {
                    cutShort = true;
                    starter.interrupt();
                }
            }
        } catch (InterruptedException | ExecutionException e) {
            // end() was called
        }
    }

    /** zonky starts initdb first, if needed, then "[unshare -U] pg_ctl -D DATA -o ... -w start". */
    private Optional<ProcessHandle> awaitPgCtlStart() throws InterruptedException {
        while (true) {
            synchronized (this) {
                if (over) {
                    return Optional.empty();
                }
            }
            Optional<ProcessHandle> found = ProcessHandle.current().children().filter(this::isPgCtlStart).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(20);
        }
    }

    private boolean isPgCtlStart(ProcessHandle p) {
        List<String> args = p.info().arguments().map(List::of).orElse(List.of());
        return !args.isEmpty() && args.getLast().equals("start") && args.contains(data.toString());
    }
}
