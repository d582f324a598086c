package dev.sift.core.port;

import dev.sift.core.engine.Command;
import dev.sift.core.engine.Outcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The way into the single writer. The future completes after the commands' effects are committed, with one
 * outcome per command, in order; it fails if the commit failed.
 */
public interface CommandQueue {
    /** @throws Overloaded when the queue is full: the caller should answer "retry later" and store nothing */
    CompletableFuture<List<Outcome>> submit(List<Command> commands);

    /** Commands waiting for the writer now. */
    int depth();

    final class Overloaded extends RuntimeException {
        public Overloaded(String message) {
            super(message, null, false, false);
        }
    }
}
