package dev.sift.core.silence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A weekly window in a named time zone: on each of {@code days}, from {@code from} to {@code to} local time. When
 * {@code to} is not after {@code from} the window runs past midnight into the next day (22:00–02:00), and the
 * day named is the day it starts.
 *
 * <p>Times are wall-clock times, so a window stays at 22:00 local time across daylight saving changes (its
 * length in hours changes instead). A start or end that falls into the hour skipped in spring moves forward by
 * that hour, as {@link ZonedDateTime#of} does; one in the hour repeated in autumn takes its first occurrence.
 */
public record WeeklySchedule(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    public WeeklySchedule {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a weekly schedule needs at least one day");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** If {@code t} lies in a window, when that window ends; else empty. */
    public Optional<Instant> activeUntil(Instant t) {
        LocalDate today = t.atZone(zone).toLocalDate();
        // A window that started yesterday may still run past midnight; one that starts today may already run.
        for (LocalDate day : new LocalDate[] {today.minusDays(1), today}) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant start = ZonedDateTime.of(day, from, zone).toInstant();
            Instant end = ZonedDateTime.of(to.isAfter(from) ? day : day.plusDays(1), to, zone).toInstant();
            if (!t.isBefore(start) && t.isBefore(end)) {
                return Optional.of(end);
            }
        }
        return Optional.empty();
    }

    /** The next start of a window after {@code t}: when the window first mutes alerts that fire then. */
    public Instant nextStart(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate();
        for (int i = 0; i <= 8; i++, day = day.plusDays(1)) {
            Instant start = ZonedDateTime.of(day, from, zone).toInstant();
            if (days.contains(day.getDayOfWeek()) && start.isAfter(t)) {
                return start;
            }
        }
        throw new IllegalStateException("no start within a week"); // days is never empty
    }
}
