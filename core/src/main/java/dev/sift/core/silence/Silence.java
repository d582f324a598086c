package dev.sift.core.silence;

import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A time-boxed mute, as Alertmanager users know it: alerts matching all {@code matchers} between
 * {@code startsAt} (inclusive) and {@code endsAt} (exclusive) are recorded without opening incidents. Silences
 * created through the API have an {@code id} handed out by the engine; those of the rules file have id 0 and a
 * {@code name}. Immutable: expiring one makes a copy that ends earlier.
 *
 * @param createdBy the person behind the API token, or {@code sift.yaml}
 */
public record Silence(long id, String name, List<Matcher> matchers, Instant startsAt, Instant endsAt,
                      String createdBy, String comment, Instant createdAt) {
    public static final String FROM_RULES_FILE = "sift.yaml";

    public Silence {
        matchers = List.copyOf(Objects.requireNonNull(matchers, "matchers"));
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(createdBy, "createdBy");
        comment = comment == null ? "" : comment;
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("endsAt " + endsAt + " must be after startsAt " + startsAt);
        }
    }

    public SilenceState state(Instant now) {
        if (now.isBefore(startsAt)) {
            return SilenceState.PENDING;
        }
        return now.isBefore(endsAt) ? SilenceState.ACTIVE : SilenceState.EXPIRED;
    }

    public boolean mutes(AlertFields alert, Instant now) {
        return state(now) == SilenceState.ACTIVE && Matcher.all(matchers, alert);
    }

    /** This silence ending at {@code now} (an expired or pending one is left as it is, but ends no later). */
    public Silence expiredAt(Instant now) {
        Instant end = now.isBefore(endsAt) ? now : endsAt;
        Instant start = end.isAfter(startsAt) ? startsAt : end.minusNanos(1);
        return new Silence(id, name, matchers, start, end, createdBy, comment, createdAt);
    }

    /** How timelines and alerts name it: {@code silence 42} or {@code silence "db-move" (sift.yaml)}. */
    public String reference() {
        return id > 0 ? "silence " + id : "silence \"" + name + "\" (" + FROM_RULES_FILE + ")";
    }

    public String describe() {
        String by = id > 0 ? " by " + createdBy : "";
        String why = comment.isBlank() ? "" : ": \"" + comment + "\"";
        return reference() + by + why;
    }
}
