package dev.sift.core.flapping;

import dev.sift.core.time.RecentTimes;
import java.time.Instant;

/**
 * Counts the state changes of each alert (by fingerprint, so that the count goes on when a re-firing alert is a
 * new alert of a new incident) within the policy's window. Only the engine's writer thread uses it.
 */
public final class FlapDetector {
    private final RecentTimes changes = new RecentTimes();

    /**
     * Records a change of state at {@code now}.
     *
     * @return whether the alert flaps now: it changed {@code policy.changes()} times within the window
     */
    public boolean changed(String fingerprint, Instant now, FlapPolicy policy) {
        if (policy.isOff()) {
            return false;
        }
        return changes.add(fingerprint, now, policy.window(), policy.changes()) >= policy.changes();
    }

    /** When a flapping alert is quiet enough to stop flapping: a window after its last change. */
    public Instant quietAt(String fingerprint, FlapPolicy policy) {
        Instant last = changes.last(fingerprint);
        return last == null ? Instant.MIN : last.plus(policy.window());
    }

    /** After a restart only the last change of a flapping alert is known; it keeps flapping until quiet. */
    public void restore(String fingerprint, Instant lastChange) {
        changes.restore(fingerprint, lastChange, 1);
    }

    public void forget(String fingerprint) {
        changes.forget(fingerprint);
    }

    public void clear() {
        changes.clear();
    }
}
