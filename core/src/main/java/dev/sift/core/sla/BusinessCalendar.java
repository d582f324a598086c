package dev.sift.core.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When an SLA clock runs: weekly working hours in a named time zone, minus holidays. Hours are wall-clock times,
 * so "09:00–17:00" is eight hours on a daylight saving change day too; a range that contains the change (such as
 * 00:00–24:00) is as long as that day really is. {@link #ALWAYS} is round the clock (plain elapsed time).
 *
 * @param week working hours per day of the week; a day without hours is not worked
 * @param holidays local dates in {@code zone} on which nobody works, whatever the weekday
 */
public record BusinessCalendar(String name, Map<DayOfWeek, List<Hours>> week, ZoneId zone, Set<LocalDate> holidays) {
    /** Round the clock, every day: elapsed time. */
    public static final BusinessCalendar ALWAYS = new BusinessCalendar();

    /** Looking further ahead than this for working time means the calendar has none (all holidays, say). */
    private static final int MAX_DAYS_AHEAD = 3 * 366;

    /**
     * A working range of one day, {@code from} before {@code to}; {@code to} of {@link LocalTime#MIDNIGHT} is the
     * end of the day ("24:00"). Ranges do not run past midnight: write two, one on each day.
     */
    public record Hours(LocalTime from, LocalTime to) {
        public Hours {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.equals(LocalTime.MIDNIGHT) && !to.isAfter(from)) {
                throw new IllegalArgumentException("working hours " + from + "–" + to + " must end after they start");
            }
        }
    }

    /** A stretch of working time: from {@code start} (inclusive) to {@code end} (exclusive; null: for ever). */
    record Working(Instant start, Instant end) {}

    private BusinessCalendar() {
        this("24x7", Map.of(), null, Set.of());
    }

    public BusinessCalendar {
        Objects.requireNonNull(name, "name");
        Map<DayOfWeek, List<Hours>> copy = new EnumMap<>(DayOfWeek.class);
        week.forEach((day, hours) -> {
            if (!hours.isEmpty()) {
                List<Hours> sorted = new ArrayList<>(hours);
                sorted.sort(Comparator.comparing(Hours::from));
                copy.put(day, List.copyOf(sorted));
            }
        });
        week = Map.copyOf(copy);
        holidays = Set.copyOf(holidays);
        if (zone == null && !week.isEmpty()) {
            throw new IllegalArgumentException("a calendar with working hours needs a time zone");
        }
    }

    public boolean isAlways() {
        return zone == null;
    }

    /** The working time within {@code [from, to)}: all of it for a round-the-clock calendar. */
    public Duration workingTimeBetween(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return Duration.ZERO;
        }
        if (isAlways()) {
            return Duration.between(from, to);
        }
        Duration sum = Duration.ZERO;
        Instant t = from;
        while (t.isBefore(to)) {
            Working w;
            try {
                w = workingFrom(t);
            } catch (IllegalStateException none) {
                break;
            }
            if (!w.start().isBefore(to)) {
                break;
            }
            Instant end = w.end() == null || w.end().isAfter(to) ? to : w.end();
            sum = sum.plus(Duration.between(w.start(), end));
            t = end;
        }
        return sum;
    }

    /** Whether {@code t} falls in working time (always, for a round-the-clock calendar). */
    public boolean isWorkingAt(Instant t) {
        if (isAlways()) {
            return true;
        }
        try {
            return workingFrom(t).start().equals(t);
        } catch (IllegalStateException none) {
            return false;
        }
    }

    /**
     * The first stretch of working time at or after {@code t}, cut to start no earlier than {@code t}.
     *
     * @throws IllegalStateException when there is none within three years (every day a holiday)
     */
    Working workingFrom(Instant t) {
        if (isAlways()) {
            return new Working(t, null);
        }
        LocalDate day = t.atZone(zone).toLocalDate();
        for (int i = 0; i <= MAX_DAYS_AHEAD; i++, day = day.plusDays(1)) {
            if (holidays.contains(day)) {
                continue;
            }
            for (Hours h : week.getOrDefault(day.getDayOfWeek(), List.of())) {
                Instant start = ZonedDateTime.of(day, h.from(), zone).toInstant();
                Instant end = h.to().equals(LocalTime.MIDNIGHT)
                        ? day.plusDays(1).atStartOfDay(zone).toInstant()
                        : ZonedDateTime.of(day, h.to(), zone).toInstant();
                if (end.isAfter(t)) {
                    return new Working(start.isAfter(t) ? start : t, end);
                }
            }
        }
        throw new IllegalStateException("calendar " + name + " has no working time within " + MAX_DAYS_AHEAD
                + " days of " + t);
    }
}
