package dev.sift.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "\"{0}\" is {1} seconds")
    @CsvSource({
        "45s, 45",
        "30m, 1800",
        "4h, 14400",
        "1d, 86400",
        "1d12h, 129600",
        "1h30m, 5400",
        "30m1h, 5400",
        "1h0m, 3600",
        "0s, 0",
        "' 4h ', 14400",
    })
    void parseReadsWhatPeopleWrite(String text, long seconds) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void parseReadsMillisecondsAndDoesNotMistakeThemForMinutes() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1m500ms")).isEqualTo(Duration.ofMillis(60_500));
        assertThat(Durations.parse("5m5s")).isEqualTo(Duration.ofSeconds(305));
    }

    @ParameterizedTest(name = "{0} s is \"{1}\"")
    @CsvSource({
        "0, 0s",
        "1, 1s",
        "90, 1m30s",
        "3600, 1h",
        "5400, 1h30m",
        "86400, 1d",
        "129600, 1d12h",
        "90061, 1d1h1m1s",
        "1209600, 14d",
    })
    void formatWritesTheShortestForm(long seconds, String text) {
        assertThat(Durations.format(Duration.ofSeconds(seconds))).isEqualTo(text);
    }

    @Test
    void formatRoundsToTheNearestSecondAndNeverGoesNegative() {
        assertThat(Durations.format(Duration.ofMillis(1499))).isEqualTo("1s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("2s");
        assertThat(Durations.format(Duration.ofMillis(400))).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("0s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1s", "45s", "1m30s", "15m", "4h", "12h", "1d", "1d12h", "1d1h1m1s", "30d"})
    void formattingAParsedCanonicalDurationGivesTheSameText(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 59, 60, 61, 3599, 3600, 86399, 86400, 86401, 1_000_000})
    void parsingAFormattedDurationGivesTheSameDuration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);

        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void parseOfNothingSaysTheDurationIsEmptyAndShowsTheExpectedForm(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty duration; expected e.g. 30s, 15m, 4h, 1d");
    }

    @Test
    void parseOfNullSaysTheDurationIsEmpty() {
        assertThatThrownBy(() -> Durations.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("empty duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4 hours", "4", "h", "1h 30m", "-1h", "1.5h", "1H", "4hx", "x4h", "1w", "PT4H"})
    void parseOfSomethingElseQuotesTheTextAndShowsTheExpectedForm(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid duration '" + text + "'; expected e.g. 30s, 15m, 4h, 1d12h");
    }

    @Test
    void parseOfANumberTooLargeForALongSaysItIsTooLarge() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration '99999999999999999999s' is too large");
    }

    @Test
    void parseOfADurationTooLargeForJavaSaysItIsTooLargeInsteadOfFailingWithAnArithmeticError() {
        // Fits a long, but not a Duration: must still be the documented IllegalArgumentException, so that
        // check-config reports it like any other bad value.
        assertThatThrownBy(() -> Durations.parse("999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration '999999999999999d' is too large");
        assertThatThrownBy(() -> Durations.parse("9223372036854775807s9223372036854775807s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }
}
