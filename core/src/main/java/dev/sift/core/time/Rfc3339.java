package dev.sift.core.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as alert sources write them, read exactly as {@code OffsetDateTime.parse(text).toInstant()} reads
 * them. The form nearly every source sends, {@code 2026-03-02T08:00:00Z} with an optional fraction of up to nine
 * digits, is read directly: {@code OffsetDateTime.parse} costs more than the rest of reading an alert. Every
 * other form (offsets, lower-case letters, no seconds) and everything invalid goes to {@code OffsetDateTime.parse}
 * itself, so what is accepted, what it means and how a refusal reads do not change.
 */
public final class Rfc3339 {
    private static final int SHORTEST = "2026-03-02T08:00:00Z".length();
    private static final int LONGEST = "2026-03-02T08:00:00.123456789Z".length();

    private Rfc3339() {}

    /** @throws DateTimeParseException as {@code OffsetDateTime.parse} does */
    public static Instant parse(String text) {
        Instant utc = parseUtc(text);
        return utc != null ? utc : OffsetDateTime.parse(text).toInstant();
    }

    /** The common form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, or null for anything else. */
    private static Instant parseUtc(String t) {
        int length = t.length();
        if (length < SHORTEST || length > LONGEST || length == SHORTEST + 1 || t.charAt(length - 1) != 'Z'
                || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int nanos = 0;
        if (length > SHORTEST) { // ".d…" before the Z
            if (t.charAt(19) != '.') {
                return null;
            }
            int fraction = length - 1 - 20;
            nanos = digits(t, 20, fraction);
            for (int i = fraction; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || nanos < 0 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600 + minute * 60 + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1 if one of them is not a digit. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
