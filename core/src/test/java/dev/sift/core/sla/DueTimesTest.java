package dev.sift.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.core.sla.BusinessCalendar.Hours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Due times over calendars, holidays, daylight saving changes and pauses. */
class DueTimesTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Hours NINE_TO_FIVE = new Hours(LocalTime.of(9, 0), LocalTime.of(17, 0));

    static BusinessCalendar office(Set<LocalDate> holidays) {
        Map<DayOfWeek, List<Hours>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(d, List.of(NINE_TO_FIVE));
        }
        return new BusinessCalendar("office", week, BERLIN, holidays);
    }

    static Instant berlin(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BERLIN).toInstant();
    }

    static Instant due(String start, Duration d, BusinessCalendar c, Pause... pauses) {
        return DueTimes.dueAt(berlin(start), d, c, List.of(pauses));
    }

    @Test
    void roundTheClockIsElapsedTimeAlsoAcrossADaylightSavingChange() {
        // 2026-03-29 02:00 Berlin: clocks jump to 03:00. Four real hours from 00:30 CET is 05:30 CEST.
        assertThat(due("2026-03-29T00:30", Duration.ofHours(4), BusinessCalendar.ALWAYS))
                .isEqualTo(berlin("2026-03-29T05:30"));
        assertThat(DueTimes.dueAt(Instant.parse("2026-11-23T10:00:00Z"), Duration.ofMinutes(15),
                BusinessCalendar.ALWAYS, List.of())).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
    }

    @Test
    void withinWorkingHoursTheClockRunsAsWallTime() {
        assertThat(due("2026-11-23T10:00", Duration.ofHours(2), office(Set.of()))).isEqualTo(berlin("2026-11-23T12:00"));
    }

    @Test
    void aSignalAtNightStartsCountingAtNineTheNextMorning() {
        assertThat(due("2026-11-23T22:10", Duration.ofMinutes(30), office(Set.of())))
                .isEqualTo(berlin("2026-11-24T09:30"));
    }

    @Test
    void whatIsLeftAtFiveCarriesOverToTheNextWorkingDay() {
        // Monday 15:00 + 4h of working time: 2h on Monday, 2h on Tuesday
        assertThat(due("2026-11-23T15:00", Duration.ofHours(4), office(Set.of()))).isEqualTo(berlin("2026-11-24T11:00"));
    }

    @Test
    void theWeekendIsSkipped() {
        // Friday 16:00 + 2h: one hour on Friday, one on Monday
        assertThat(due("2026-11-27T16:00", Duration.ofHours(2), office(Set.of()))).isEqualTo(berlin("2026-11-30T10:00"));
        // a Saturday signal counts from Monday 09:00
        assertThat(due("2026-11-28T11:00", Duration.ofMinutes(15), office(Set.of())))
                .isEqualTo(berlin("2026-11-30T09:15"));
    }

    @Test
    void holidaysAreSkippedLikeWeekends() {
        var christmas = office(Set.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25)));
        // Wednesday 23rd 16:00 + 3h: 1h on Wednesday; Thursday and Friday are holidays; 2h on Monday the 28th
        assertThat(due("2026-12-23T16:00", Duration.ofHours(3), christmas)).isEqualTo(berlin("2026-12-28T11:00"));
    }

    @Test
    void workingHoursStayWallClockHoursOnDaylightSavingChangeDays() {
        // Spring: Monday 2026-03-30 is the first working day after the change; Friday 27th 16:00 + 2h
        assertThat(due("2026-03-27T16:00", Duration.ofHours(2), office(Set.of()))).isEqualTo(berlin("2026-03-30T10:00"));
        // Autumn: the change is on Sunday 2026-10-25 03:00 → 02:00; Friday 16:00 + 2h is Monday 10:00 local
        assertThat(due("2026-10-23T16:00", Duration.ofHours(2), office(Set.of()))).isEqualTo(berlin("2026-10-26T10:00"));
    }

    @Test
    void aWholeDayRangeIsAsLongAsTheDayReallyIs() {
        Map<DayOfWeek, List<Hours>> week = new EnumMap<>(DayOfWeek.class);
        week.put(DayOfWeek.SUNDAY, List.of(new Hours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
        var sundays = new BusinessCalendar("sundays", week, BERLIN, Set.of());
        // 2026-03-29 has 23 hours, 2026-10-25 has 25: 24h of Sunday time ends one Sunday later, at 01:00 / 23:00
        assertThat(due("2026-03-29T00:00", Duration.ofHours(24), sundays)).isEqualTo(berlin("2026-04-05T01:00"));
        assertThat(due("2026-10-25T00:00", Duration.ofHours(24), sundays)).isEqualTo(berlin("2026-10-25T23:00"));
    }

    @Test
    void aPauseMovesTheDueTimeByTheWorkingTimeItCovers() {
        // 24x7: 15 minutes, snoozed for 10 of them after 5
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        var snooze = new Pause(t0.plusSeconds(300), t0.plusSeconds(900));
        assertThat(DueTimes.dueAt(t0, Duration.ofMinutes(15), BusinessCalendar.ALWAYS, List.of(snooze)))
                .isEqualTo(t0.plus(Duration.ofMinutes(25)));
        // a pause that lies after the due time changes nothing
        var later = new Pause(t0.plusSeconds(3600), t0.plusSeconds(7200));
        assertThat(DueTimes.dueAt(t0, Duration.ofMinutes(15), BusinessCalendar.ALWAYS, List.of(later)))
                .isEqualTo(t0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aPauseOutsideWorkingHoursCostsNothingAndOneAcrossThemOnlyItsWorkingPart() {
        var office = office(Set.of());
        // snoozed Monday 18:00–Tuesday 08:00: nothing of it is working time
        assertThat(due("2026-11-23T16:00", Duration.ofHours(2), office,
                new Pause(berlin("2026-11-23T18:00"), berlin("2026-11-24T08:00")))).isEqualTo(berlin("2026-11-24T10:00"));
        // snoozed Monday 16:30–Tuesday 09:30: 30 minutes on each day are paused
        assertThat(due("2026-11-23T16:00", Duration.ofHours(2), office,
                new Pause(berlin("2026-11-23T16:30"), berlin("2026-11-24T09:30")))).isEqualTo(berlin("2026-11-24T11:00"));
    }

    @Test
    void overlappingPausesCountOnce() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        var a = new Pause(t0.plusSeconds(60), t0.plusSeconds(600));
        var b = new Pause(t0.plusSeconds(300), t0.plusSeconds(900));
        assertThat(DueTimes.dueAt(t0, Duration.ofMinutes(15), BusinessCalendar.ALWAYS, List.of(b, a)))
                .isEqualTo(t0.plus(Duration.ofMinutes(15 + 14)));
    }

    @Test
    void aPauseWithoutEndBeforeTheDueTimeLeavesItUnknown() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(DueTimes.dueAt(t0, Duration.ofMinutes(15), BusinessCalendar.ALWAYS,
                List.of(new Pause(t0.plusSeconds(60), null)))).isNull();
        // one that starts after the due time does not matter
        assertThat(DueTimes.dueAt(t0, Duration.ofMinutes(15), BusinessCalendar.ALWAYS,
                List.of(new Pause(t0.plusSeconds(3600), null)))).isEqualTo(t0.plusSeconds(900));
    }

    @Test
    void aCalendarWithoutWorkingTimeIsRefusedRatherThanLoopingForEver() {
        var never = new BusinessCalendar("never", Map.of(), BERLIN, Set.of());
        assertThatThrownBy(() -> DueTimes.dueAt(Instant.EPOCH, Duration.ofMinutes(1), never, List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no working time");
    }
}
