package dev.sift.core.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 90s}, {@code 15m}, {@code 4h}, {@code 1d12h}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private Durations() {}

    /** 3600 s → "1h", 90 s → "1m30s". Rounded to the nearest second. */
    public static String format(Duration d) {
        long s = Math.max(0, d.plusMillis(500).toSeconds());
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long days = s / 86400, hours = s / 3600 % 24, minutes = s / 60 % 60, seconds = s % 60;
        if (days > 0) b.append(days).append('d');
        if (hours > 0) b.append(hours).append('h');
        if (minutes > 0) b.append(minutes).append('m');
        if (seconds > 0) b.append(seconds).append('s');
        return b.toString();
    }

    /**
     * Parses "1d12h", "4h", "30m", "45s", "500ms" (parts in any order, each at most once in practice).
     *
     * @throws IllegalArgumentException with the text and the expected form
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration; expected e.g. 30s, 15m, 4h, 1d");
        }
        String t = text.strip();
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) {
                break;
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration '" + text + "' is too large");
            }
            try {
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            } catch (ArithmeticException e) { // fits a long, not a Duration: still the documented exception
                throw new IllegalArgumentException("duration '" + text + "' is too large");
            }
            pos = m.end();
        }
        if (pos != t.length() || pos == 0) {
            throw new IllegalArgumentException("invalid duration '" + text + "'; expected e.g. 30s, 15m, 4h, 1d12h");
        }
        return total;
    }
}
