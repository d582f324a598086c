package dev.sift.http.api;

import dev.sift.core.engine.Command;
import dev.sift.core.engine.Outcome;
import dev.sift.core.port.CommandQueue;
import dev.sift.http.problem.ApiException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A person's command through the single writer, waiting for its commit; every failure becomes a 503 problem. */
public final class Submit {
    private Submit() {}

    public static Outcome one(CommandQueue queue, Command command) {
        try {
            return queue.submit(List.of(command)).get(30, TimeUnit.SECONDS).getFirst();
        } catch (CommandQueue.Overloaded e) {
            throw ApiException.unavailable(503, "Sift is at capacity; retry later", 5);
        } catch (CommandQueue.Unavailable e) {
            throw ApiException.unavailable(503, e.reason(), e.getMessage() + "; nothing was changed, retry later", 5);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.unavailable(503, "the action could not be committed; retry later", 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(503, "Sift is shutting down; retry later", 5);
        }
    }
}
