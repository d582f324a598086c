package dev.sift.app.config;

import dev.sift.core.matching.Matcher;
import dev.sift.core.silence.MaintenanceWindow;
import dev.sift.core.silence.Silence;
import dev.sift.core.silence.Silencing;
import dev.sift.core.silence.WeeklySchedule;
import dev.sift.core.time.Rfc3339;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code silences:} (fixed start and end) and {@code maintenance:} (weekly windows in a time zone)
 * sections, reporting every mistake with its line and field.
 */
final class SilencesSection {
    static final Set<String> SILENCE_KEYS = Set.of("name", "matchers", "startsAt", "endsAt", "comment");
    static final Set<String> MAINTENANCE_KEYS = Set.of("name", "matchers", "every", "from", "to", "timeZone",
            "comment");
    private static final Map<String, DayOfWeek> DAYS = new LinkedHashMap<>();

    static {
        for (DayOfWeek d : DayOfWeek.values()) {
            DAYS.put(d.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT), d);
        }
    }

    private final FieldReader in;
    private final RoutesSection matchers;
    /** Names of silences and windows, with the line of their first use: alerts refer to them by name. */
    private final Map<String, Integer> names = new HashMap<>();

    SilencesSection(FieldReader in) {
        this.in = in;
        this.matchers = new RoutesSection(in);
    }

    static Silencing read(YamlNode silences, YamlNode maintenance, FieldReader in) {
        SilencesSection s = new SilencesSection(in);
        List<Silence> fixed = new ArrayList<>();
        for (var item : in.entries(silences, "silences", "entry")) {
            Silence x = s.silence(item.node(), item.field());
            if (x != null) {
                fixed.add(x);
            }
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (var item : in.entries(maintenance, "maintenance", "entry")) {
            MaintenanceWindow w = s.window(item.node(), item.field());
            if (w != null) {
                windows.add(w);
            }
        }
        return new Silencing(fixed, windows);
    }

    private Silence silence(YamlNode node, String field) {
        Map<String, YamlNode> k = in.keys(node, field, SILENCE_KEYS);
        String name = name(node, k.get("name"), field);
        List<Matcher> m = requiredMatchers(node, k.get("matchers"), field);
        Instant starts = instant(k.get("startsAt"), field + ".startsAt");
        Instant ends = instant(k.get("endsAt"), field + ".endsAt");
        if (k.get("endsAt") == null) {
            in.problem(node.line(), field + ".endsAt", "missing: a silence needs an end",
                    "e.g. endsAt: 2026-12-01T23:00:00Z; for a recurring window use the maintenance section");
        }
        if (starts == null && k.get("startsAt") == null) {
            starts = Instant.EPOCH; // from the start: the file is in force from when it is loaded
        }
        if (starts != null && ends != null && !ends.isAfter(starts)) {
            in.problem(k.get("endsAt").line(), field + ".endsAt", "must be after startsAt (" + starts + ")", null);
            return null;
        }
        String comment = k.get("comment") == null ? "" : in.string(k.get("comment"), field + ".comment", "");
        if (name == null || m == null || starts == null || ends == null) {
            return null;
        }
        return new Silence(0, name, m, starts, ends, Silence.FROM_RULES_FILE, comment, starts);
    }

    private MaintenanceWindow window(YamlNode node, String field) {
        Map<String, YamlNode> k = in.keys(node, field, MAINTENANCE_KEYS);
        String name = name(node, k.get("name"), field);
        List<Matcher> m = requiredMatchers(node, k.get("matchers"), field);
        Set<DayOfWeek> days = days(node, k.get("every"), field + ".every");
        LocalTime from = time(node, k.get("from"), field + ".from");
        LocalTime to = time(node, k.get("to"), field + ".to");
        ZoneId zone = zone(node, k.get("timeZone"), field + ".timeZone");
        String comment = k.get("comment") == null ? "" : in.string(k.get("comment"), field + ".comment", "");
        if (name == null || m == null || days == null || from == null || to == null || zone == null) {
            return null;
        }
        return new MaintenanceWindow(name, m, new WeeklySchedule(days, from, to, zone), comment);
    }

    private String name(YamlNode entry, YamlNode node, String field) {
        return in.uniqueName(entry, node, field + ".name", names, "alerts, the API and the timeline name it by it",
                "silences and maintenance windows need names of their own");
    }

    /** At least one matcher: like Alertmanager, a silence never mutes every alert by omission. */
    private List<Matcher> requiredMatchers(YamlNode entry, YamlNode node, String field) {
        return matchers.requiredMatchers(entry, node, field + ".matchers",
                "without matchers it would mute every alert", "it would mute every alert",
                "e.g. matchers: ['team=\"db\"']");
    }

    private Instant instant(YamlNode node, String field) {
        String text = node == null ? null : in.string(node, field, null);
        if (text == null) {
            return null;
        }
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeParseException e) {
            in.problem(node.line(), field, "must be an RFC 3339 time, got '" + text + "'",
                    "e.g. 2026-12-01T20:00:00Z or 2026-12-01T21:00:00+01:00");
            return null;
        }
    }

    Set<DayOfWeek> days(YamlNode entry, YamlNode node, String field) {
        if (node == null) {
            in.problem(entry.line(), field, "missing", "e.g. every: [mon, tue, wed, thu, fri]");
            return null;
        }
        List<String> names = in.stringList(node, field, null, "every: [sat, sun]");
        if (names == null) {
            return null;
        }
        if (names.isEmpty()) {
            in.problem(node.line(), field, "is empty", "list the days the window starts on: every: [sat, sun]");
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        boolean ok = names.size() == node.items().size();
        for (int i = 0; i < names.size(); i++) {
            DayOfWeek d = DAYS.get(names.get(i).toLowerCase(java.util.Locale.ROOT));
            if (d == null) {
                in.problem(node.items().get(i).line(), field + "[" + i + "]", "unknown day '" + names.get(i) + "'",
                        FieldReader.closest(names.get(i), DAYS.keySet()).map(s -> "did you mean '" + s + "'?")
                                .orElse("days are " + String.join(", ", DAYS.keySet())));
                ok = false;
            } else {
                days.add(d);
            }
        }
        return ok ? days : null;
    }

    /**
     * A time of day; {@code 24:00} is midnight at the end of the day. YAML 1.1 reads an unquoted 22:00 as the
     * number 1320 (base 60), so the text as written is what counts.
     */
    LocalTime time(YamlNode entry, YamlNode node, String field) {
        if (node == null) {
            in.problem(entry.line(), field, "missing", "a local time such as \"22:00\"");
            return null;
        }
        String text = node.text() == null ? FieldReader.describe(node.value()) : node.text();
        if (text.equals("24:00")) {
            return LocalTime.MIDNIGHT; // the end of the day: a window to midnight runs into the next day
        }
        if (text.matches("\\d{1,2}:\\d{2}")) {
            try {
                return LocalTime.of(Integer.parseInt(text.substring(0, text.indexOf(':'))),
                        Integer.parseInt(text.substring(text.indexOf(':') + 1)));
            } catch (DateTimeException e) {
                // the message below
            }
        }
        in.problem(node.line(), field, "must be a time of day HH:MM, got '" + text + "'",
                "e.g. \"22:00\"; \"24:00\" or \"00:00\" is midnight");
        return null;
    }

    ZoneId zone(YamlNode entry, YamlNode node, String field) {
        if (node == null) {
            in.problem(entry.line(), field, "missing", "a time zone such as Europe/Berlin or UTC: windows follow"
                    + " its daylight saving changes");
            return null;
        }
        String text = in.string(node, field, null);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            in.problem(node.line(), field, "unknown time zone '" + text + "'",
                    "a name of the tz database such as Europe/Berlin, America/New_York or UTC");
            return null;
        }
    }
}
