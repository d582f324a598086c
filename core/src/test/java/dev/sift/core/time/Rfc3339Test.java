package dev.sift.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Rfc3339} reads what {@code OffsetDateTime.parse} reads, the same way, and refuses what it refuses. */
class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
            "2026-03-02T08:00:00Z, 1772438400, 0",
            "2026-03-02T08:00:00.5Z, 1772438400, 500000000",
            "2026-03-02T08:00:00.000000001Z, 1772438400, 1",
            "2024-02-29T23:59:59.999999999Z, 1709251199, 999999999",
            "1970-01-01T00:00:00Z, 0, 0",
            "1969-12-31T23:59:59.25Z, -1, 250000000",
            "0000-01-01T00:00:00Z, -62167219200, 0",
            "2026-03-02T10:30:00+02:30, 1772438400, 0",
            "2026-03-02t08:00:00z, 1772438400, 0"})
    void readsTheInstantTheTextNames(String text, long epochSecond, int nanos) {
        assertThat(Rfc3339.parse(text)).isEqualTo(Instant.ofEpochSecond(epochSecond, nanos));
    }

    @Test
    void refusesLikeOffsetDateTimeWithItsMessage() {
        assertThatThrownBy(() -> Rfc3339.parse("2026-02-29T08:00:00Z")).isInstanceOf(DateTimeParseException.class)
                .hasMessage(messageOf("2026-02-29T08:00:00Z"));
    }

    /** Boundaries and near misses of the common form, each compared with what OffsetDateTime makes of it. */
    @Test
    void agreesWithOffsetDateTimeOnBoundariesAndNearMisses() {
        List<String> texts = new ArrayList<>();
        for (String date : List.of("2026-03-02", "1900-02-28", "1900-02-29", "2000-02-29", "2023-02-29",
                "2024-02-29", "2026-04-30", "2026-04-31", "2026-12-31", "2026-00-10", "2026-13-10", "2026-01-00",
                "2026-01-32", "9999-12-31", "0001-01-01")) {
            for (String time : List.of("00:00:00", "23:59:59", "24:00:00", "23:60:00", "23:59:60", "08:00")) {
                for (String fraction : List.of("", ".", ".1", ".12", ".123456", ".123456789", ".1234567890")) {
                    for (String zone : List.of("Z", "z", "+00:00", "-05:30", "")) {
                        texts.add(date + "T" + time + fraction + zone);
                    }
                }
            }
        }
        String common = "2026-03-02T08:00:00.123Z";
        for (int i = 0; i < common.length(); i++) {
            for (char c : new char[] {'0', '9', 'x', '-', ':', '.', 'T', 'Z', ' ', '٣'}) {
                texts.add(common.substring(0, i) + c + common.substring(i + 1));
            }
            texts.add(common.substring(0, i) + common.substring(i + 1));
        }

        for (String text : texts) {
            assertThat(outcome(() -> Rfc3339.parse(text))).as(text)
                    .isEqualTo(outcome(() -> OffsetDateTime.parse(text).toInstant()));
        }
        assertThat(texts).hasSizeGreaterThan(3_000);
    }

    private static String outcome(java.util.function.Supplier<Instant> parse) {
        try {
            return parse.get().toString();
        } catch (DateTimeParseException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static String messageOf(String text) {
        try {
            OffsetDateTime.parse(text);
            throw new AssertionError(text + " was accepted");
        } catch (DateTimeParseException e) {
            return e.getMessage();
        }
    }
}
