package dev.sift.core.port;

import dev.sift.core.engine.Command;
import dev.sift.core.engine.Outcome;
import dev.sift.core.signal.RawSignal;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The way into the single writer. The future completes after the commands' effects are committed, with one
 * outcome per command, in order; it fails if the commit failed (with {@link Unavailable} when the writer gave up on
 * it without trying, because nothing can be committed now).
 */
public interface CommandQueue {
    /**
     * @throws Overloaded when the queue is full: the caller should answer "retry later" and store nothing
     * @throws Unavailable when nothing can be committed now: the same answer, for another reason
     */
    default CompletableFuture<List<Outcome>> submit(List<Command> commands) {
        return submit(commands, null);
    }

    /**
     * Like {@link #submit(List)}; {@code raw} is the request body the commands came from (or null). It is kept in
     * the signal log, in the same transaction, unless every command only repeated what was known.
     */
    CompletableFuture<List<Outcome>> submit(List<Command> commands, RawSignal raw);

    /** Commands waiting for the writer now. */
    int depth();

    final class Overloaded extends RuntimeException {
        public Overloaded(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The writer cannot commit at the moment, e.g. because its database is unreachable.
     *
     * @param reason a short machine-readable cause ({@code database_unavailable}), for metrics and answers
     */
    final class Unavailable extends RuntimeException {
        private final String reason;

        public Unavailable(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
