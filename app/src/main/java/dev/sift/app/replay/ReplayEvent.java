package dev.sift.app.replay;

import dev.sift.core.signal.Signal;
import java.time.Instant;

/**
 * One line of a recorded stream (the format of {@code data/grouping/dev/events.jsonl.gz}): an Alertmanager-like
 * alert plus {@code id} and {@code receivedAt}, read by {@link ReplayEventParser}.
 */
record ReplayEvent(String id, Instant receivedAt, Signal signal) {}
