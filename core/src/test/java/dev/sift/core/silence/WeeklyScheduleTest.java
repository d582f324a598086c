package dev.sift.core.silence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Weekly windows in wall-clock time, across both daylight saving changes of Europe/Berlin in 2025. */
class WeeklyScheduleTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Saturday nights 22:00 to Sunday 06:00, Berlin time. */
    final WeeklySchedule saturdayNight = new WeeklySchedule(Set.of(DayOfWeek.SATURDAY), LocalTime.of(22, 0),
            LocalTime.of(6, 0), BERLIN);

    static Instant at(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void aWindowPastMidnightRunsFromItsDayIntoTheNext() {
        // Saturday 2025-03-08 22:00 CET is 21:00Z; Sunday 06:00 CET is 05:00Z.
        assertThat(saturdayNight.activeUntil(at("2025-03-08T20:59:59Z"))).isEmpty();
        assertThat(saturdayNight.activeUntil(at("2025-03-08T21:00:00Z"))).contains(at("2025-03-09T05:00:00Z"));
        assertThat(saturdayNight.activeUntil(at("2025-03-09T04:59:59Z"))).contains(at("2025-03-09T05:00:00Z"));
        assertThat(saturdayNight.activeUntil(at("2025-03-09T05:00:00Z"))).isEmpty();
        assertThat(saturdayNight.activeUntil(at("2025-03-09T21:30:00Z"))).as("Sunday night is not listed").isEmpty();
    }

    @Test
    void inSpringTheWindowKeepsItsWallClockTimesAndIsAnHourShorter() {
        // 2025-03-30 02:00 CET → 03:00 CEST. The window starts 22:00 CET (21:00Z) and ends 06:00 CEST (04:00Z): 7 h.
        assertThat(saturdayNight.activeUntil(at("2025-03-29T21:00:00Z"))).contains(at("2025-03-30T04:00:00Z"));
        assertThat(saturdayNight.activeUntil(at("2025-03-30T03:59:59Z"))).contains(at("2025-03-30T04:00:00Z"));
        assertThat(saturdayNight.activeUntil(at("2025-03-30T04:00:00Z"))).isEmpty();
        // The next Saturday it starts at 22:00 CEST, 20:00Z.
        assertThat(saturdayNight.nextStart(at("2025-03-30T04:00:00Z"))).isEqualTo(at("2025-04-05T20:00:00Z"));
    }

    @Test
    void inAutumnTheWindowKeepsItsWallClockTimesAndIsAnHourLonger() {
        // 2025-10-26 03:00 CEST → 02:00 CET. 22:00 CEST (20:00Z) to 06:00 CET (05:00Z): 9 h.
        assertThat(saturdayNight.activeUntil(at("2025-10-25T19:59:59Z"))).isEmpty();
        assertThat(saturdayNight.activeUntil(at("2025-10-25T20:00:00Z"))).contains(at("2025-10-26T05:00:00Z"));
        assertThat(saturdayNight.activeUntil(at("2025-10-26T04:59:59Z"))).contains(at("2025-10-26T05:00:00Z"));
        assertThat(saturdayNight.activeUntil(at("2025-10-26T05:00:00Z"))).isEmpty();
    }

    @Test
    void aStartInTheSkippedHourMovesForwardAndOneInTheRepeatedHourTakesTheFirst() {
        var sundayAtHalfPastTwo = new WeeklySchedule(Set.of(DayOfWeek.SUNDAY), LocalTime.of(2, 30),
                LocalTime.of(4, 0), BERLIN);
        // Spring: 02:30 does not exist on 2025-03-30; the window starts at 03:30 CEST (01:30Z), ends 04:00 CEST.
        assertThat(sundayAtHalfPastTwo.activeUntil(at("2025-03-30T01:29:59Z"))).isEmpty();
        assertThat(sundayAtHalfPastTwo.activeUntil(at("2025-03-30T01:30:00Z"))).contains(at("2025-03-30T02:00:00Z"));
        // Autumn: 02:30 happens twice on 2025-10-26; the window starts at the first (CEST, 00:30Z), ends 04:00 CET.
        assertThat(sundayAtHalfPastTwo.activeUntil(at("2025-10-26T00:30:00Z"))).contains(at("2025-10-26T03:00:00Z"));
        assertThat(sundayAtHalfPastTwo.activeUntil(at("2025-10-26T01:45:00Z")))
                .as("the second 02:30–03:00 is inside the window too").contains(at("2025-10-26T03:00:00Z"));
    }

    @Test
    void aSameDayWindowEndsOnItsDay() {
        var weekdays = new WeeklySchedule(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY), LocalTime.of(9, 0),
                LocalTime.of(17, 0), ZoneId.of("UTC"));
        assertThat(weekdays.activeUntil(at("2025-03-03T12:00:00Z"))).contains(at("2025-03-03T17:00:00Z")); // Monday
        assertThat(weekdays.activeUntil(at("2025-03-05T12:00:00Z"))).isEmpty(); // Wednesday
        assertThat(weekdays.nextStart(at("2025-03-04T17:00:00Z"))).isEqualTo(at("2025-03-10T09:00:00Z"));
    }
}
