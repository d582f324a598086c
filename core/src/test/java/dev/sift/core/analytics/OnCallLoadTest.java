package dev.sift.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.sla.BusinessCalendar;
import dev.sift.core.sla.BusinessCalendar.Hours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** On-call hours from a business calendar, and incidents counted in and outside them. */
class OnCallLoadTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static BusinessCalendar office() {
        Map<DayOfWeek, List<Hours>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(d, List.of(new Hours(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        }
        return new BusinessCalendar("office", week, BERLIN, Set.of(LocalDate.parse("2026-12-24")));
    }

    @Test
    void aWeekOfOfficeHoursIsFortyHoursAndAHolidayHasNone() {
        var c = office();
        // Monday 2026-12-14 00:00 Berlin (23:00 UTC the day before) to the next Monday
        Instant monday = Instant.parse("2026-12-13T23:00:00Z");
        assertThat(c.workingTimeBetween(monday, monday.plus(Duration.ofDays(7)))).isEqualTo(Duration.ofHours(40));
        Instant christmasWeek = Instant.parse("2026-12-20T23:00:00Z");
        assertThat(c.workingTimeBetween(christmasWeek, christmasWeek.plus(Duration.ofDays(7))))
                .isEqualTo(Duration.ofHours(32));
        // a period that starts and ends inside working hours counts only its part of them
        assertThat(c.workingTimeBetween(Instant.parse("2026-12-14T10:30:00Z"), Instant.parse("2026-12-14T12:00:00Z")))
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(BusinessCalendar.ALWAYS.workingTimeBetween(monday, monday.plusSeconds(90)))
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void anIncidentAtTheFirstMinuteIsInHoursAndOneAtTheLastIsNot() {
        var c = office();
        assertThat(c.isWorkingAt(Instant.parse("2026-12-14T08:00:00Z"))).isTrue(); // 09:00 Berlin
        assertThat(c.isWorkingAt(Instant.parse("2026-12-14T15:59:59Z"))).isTrue();
        assertThat(c.isWorkingAt(Instant.parse("2026-12-14T16:00:00Z"))).isFalse(); // 17:00 Berlin
        assertThat(c.isWorkingAt(Instant.parse("2026-12-24T10:00:00Z"))).isFalse(); // a holiday
        assertThat(BusinessCalendar.ALWAYS.isWorkingAt(Instant.parse("2026-12-24T10:00:00Z"))).isTrue();
    }

    @Test
    void incidentsPerOnCallHourAndPerHourOff() {
        Instant from = Instant.parse("2026-12-13T23:00:00Z");
        var filter = new AnalyticsFilter(from, from.plus(Duration.ofDays(7)), null, null);
        var load = OnCallLoad.of(office(), filter, List.of(Instant.parse("2026-12-14T08:30:00Z"),
                Instant.parse("2026-12-15T09:00:00Z"), Instant.parse("2026-12-19T03:00:00Z")));
        assertThat(load.onCallHours()).isEqualTo(40.0);
        assertThat(load.offHours()).isEqualTo(128.0);
        assertThat(load.inHours()).isEqualTo(2);
        assertThat(load.outsideHours()).isEqualTo(1);
        assertThat(load.perOnCallHour()).isEqualTo(0.05);
        assertThat(load.perOffHour()).isEqualTo(0.008);
    }

    @Test
    void reductionsAreOneMinusAfterOverBeforeAndNullWithNothingBefore() {
        var day = new FunnelDay(LocalDate.parse("2026-11-16"), 200L, 20, 4, 6, 3, 2, 1, 0);
        assertThat(day.dedupReduction()).isEqualTo(0.9);
        assertThat(day.groupingReduction()).isEqualTo(0.8);
        assertThat(day.notificationReduction()).isEqualTo(-0.5);
        assertThat(day.totalReduction()).isEqualTo(0.98);
        var empty = new FunnelDay(LocalDate.parse("2026-11-17"), 0L, 0, 0, 0, 0, 0, 0, 0);
        assertThat(empty.dedupReduction()).isNull();
        var total = FunnelDay.total(List.of(day, empty), true);
        assertThat(total.day()).isNull();
        assertThat(total.signals()).isEqualTo(200L);
        assertThat(FunnelDay.total(List.of(day), false).signals()).isNull();
    }
}
