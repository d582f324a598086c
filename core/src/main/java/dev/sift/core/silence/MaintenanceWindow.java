package dev.sift.core.silence;

import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A recurring silence from the rules file: alerts matching {@code matchers} are muted during the schedule. */
public record MaintenanceWindow(String name, List<Matcher> matchers, WeeklySchedule schedule, String comment) {
    public MaintenanceWindow {
        Objects.requireNonNull(name, "name");
        matchers = List.copyOf(Objects.requireNonNull(matchers, "matchers"));
        Objects.requireNonNull(schedule, "schedule");
        comment = comment == null ? "" : comment;
    }

    /** If it mutes the alert at {@code now}, until when; else empty. */
    public Optional<Instant> mutesUntil(AlertFields alert, Instant now) {
        return Matcher.all(matchers, alert) ? schedule.activeUntil(now) : Optional.empty();
    }

    public String reference() {
        return "maintenance window \"" + name + "\"";
    }

    public String describe() {
        return reference() + (comment.isBlank() ? "" : ": \"" + comment + "\"");
    }
}
