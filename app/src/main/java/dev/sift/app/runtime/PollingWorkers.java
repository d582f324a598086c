package dev.sift.app.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A few platform threads that work through a table of due rows (the notification outbox, the effect journal): each
 * runs rounds, and after a round that found nothing it waits for the poll interval (or until closed). A round that
 * throws is logged and retried on the next turn; the rows it claimed come back when their lease ends.
 */
public final class PollingWorkers implements AutoCloseable {
    /** One round of worker {@code worker} (0 … n-1); answers how many rows it handled (0: wait a poll). */
    @FunctionalInterface
    public interface Round {
        int run(int worker);
    }

    private final String name;
    private final Duration poll;
    private final Round round;
    private final Logger log;
    private final List<Thread> threads = new ArrayList<>();
    private final Object wake = new Object();
    private volatile boolean running = true;

    /** @param name names the threads ({@code sift-<name>-<i>}) and the log line of a failed round */
    public PollingWorkers(String name, Duration poll, Round round, Logger log) {
        this.name = name;
        this.poll = poll;
        this.round = round;
        this.log = log;
    }

    public PollingWorkers start(int workers) {
        for (int i = 0; i < workers; i++) {
            int worker = i;
            Thread t = Thread.ofPlatform().name("sift-" + name + "-" + i).daemon().unstarted(() -> run(worker));
            threads.add(t);
            t.start();
        }
        return this;
    }

    /** False once closing: a round stops taking rows and gives back what it claimed but did not handle. */
    public boolean running() {
        return running;
    }

    private void run(int worker) {
        while (running) {
            int handled = 0;
            try {
                handled = round.run(worker);
            } catch (RuntimeException e) {
                log.warn("{} round failed, will retry: {}", name, e.getMessage());
            }
            if (handled == 0) {
                pause();
            }
        }
    }

    private void pause() {
        synchronized (wake) {
            if (!running) {
                return;
            }
            try {
                wake.wait(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Stops the rounds; one in progress finishes (bounded by its timeouts) within 30 s per thread. */
    @Override
    public void close() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
