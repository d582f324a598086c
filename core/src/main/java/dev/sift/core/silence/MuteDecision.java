package dev.sift.core.silence;

import java.time.Instant;
import java.util.Objects;

/** Whether an alert that would open an incident is muted instead, by what, why, and until when. */
public sealed interface MuteDecision {
    Unmuted UNMUTED = new Unmuted();

    record Unmuted() implements MuteDecision {}

    /**
     * @param by what mutes it, as stored with the alert: {@code silence:42}, {@code silence:db-move} (rules file)
     *     or {@code maintenance:nightly}
     * @param reason one line for people: which silence or window, who made it and why, until when
     * @param until when the engine looks at the alert again
     */
    record Muted(String by, String reason, Instant until) implements MuteDecision {
        public Muted {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(until, "until");
        }
    }
}
