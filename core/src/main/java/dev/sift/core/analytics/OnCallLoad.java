package dev.sift.core.analytics;

import dev.sift.core.sla.BusinessCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Incidents per on-call hour: on-call hours are the working time of a business calendar in the period (every hour
 * with the round-the-clock calendar); incidents opened outside them are counted apart, per hour off.
 *
 * @param calendar the calendar's name ({@code 24x7} for every hour)
 */
public record OnCallLoad(String calendar, Instant from, Instant to, double onCallHours, double offHours,
                         long incidents, long inHours, long outsideHours) {

    public static OnCallLoad of(BusinessCalendar calendar, AnalyticsFilter filter, List<Instant> openedAt) {
        Duration on = calendar.workingTimeBetween(filter.from(), filter.to());
        Duration all = Duration.between(filter.from(), filter.to());
        long in = openedAt.stream().filter(calendar::isWorkingAt).count();
        return new OnCallLoad(calendar.name(), filter.from(), filter.to(), hours(on), hours(all.minus(on)),
                openedAt.size(), in, openedAt.size() - in);
    }

    /** Incidents opened in on-call hours per on-call hour; null without on-call hours. */
    public Double perOnCallHour() {
        return onCallHours == 0 ? null : Math.round(inHours / onCallHours * 1000) / 1000.0;
    }

    /** Incidents opened outside on-call hours per hour off; null when every hour is on call. */
    public Double perOffHour() {
        return offHours == 0 ? null : Math.round(outsideHours / offHours * 1000) / 1000.0;
    }

    private static double hours(Duration d) {
        return Math.round(d.toSeconds() / 3600.0 * 1000) / 1000.0;
    }
}
