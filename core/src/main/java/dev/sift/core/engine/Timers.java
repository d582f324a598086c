package dev.sift.core.engine;

import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Deadlines the engine must act on. Entries are hints, checked against the state when they fall due, so a
 * changed deadline needs no removal: the stale entry is simply found to be moot. At most a few entries exist
 * per incident or alert at once.
 */
final class Timers {
    enum Kind {
        SNOOZE_END, AUTO_CLOSE, EXPIRY,
        /** A silenced alert is looked at again: its silence or window ends (target: the alert). */
        SILENCE_CHECK,
        /** An API silence ends and leaves memory (target: the silence). */
        SILENCE_END,
        /** A pending alert's hold ends (target: the alert). */
        HOLD_END,
        /** A flapping alert may have been quiet for a whole window (target: the alert). */
        FLAP_CHECK,
        /** An SLA clock of an incident may run out (target: the incident). */
        SLA_DUE,
        /** A heartbeat may be missing (target: its integration). One timer per heartbeat at any time. */
        HEARTBEAT
    }

    record Timer(Instant due, Kind kind, long targetId) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(targetId, o.targetId);
        }
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>();

    void schedule(Instant due, Kind kind, long targetId) {
        queue.add(new Timer(due, kind, targetId));
    }

    /** The next timer due at or before {@code now}, removed; null if none is due. */
    Timer pollDue(Instant now) {
        Timer head = queue.peek();
        if (head == null || head.due().isAfter(now)) {
            return null;
        }
        return queue.poll();
    }

    Instant nextDue() {
        Timer head = queue.peek();
        return head == null ? null : head.due();
    }

    int size() {
        return queue.size();
    }

    void clear() {
        queue.clear();
    }
}
