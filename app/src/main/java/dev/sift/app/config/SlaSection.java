package dev.sift.app.config;

import dev.sift.core.incident.Priority;
import dev.sift.core.sla.BusinessCalendar;
import dev.sift.core.sla.SlaPolicies;
import dev.sift.core.sla.SlaPolicy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code sla:} section: business calendars (weekly hours in a time zone, holidays) and SLA policies
 * (queues and priorities → time to acknowledge and to resolve, a calendar, a raise on breach), reporting every
 * mistake with its line and field.
 */
final class SlaSection {
    static final Set<String> KEYS = Set.of("calendars", "policies");
    static final Set<String> CALENDAR_KEYS = Set.of("name", "timeZone", "hours", "holidays");
    static final Set<String> HOURS_KEYS = Set.of("every", "from", "to");
    static final Set<String> POLICY_KEYS = Set.of("name", "queues", "priorities", "acknowledgeWithin",
            "resolveWithin", "calendar", "raiseTo", "raisePriority");

    private final FieldReader in;
    private final SilencesSection times;
    private final Map<String, Integer> calendarNames = new HashMap<>();
    private final Map<String, Integer> policyNames = new HashMap<>();
    private final Map<String, BusinessCalendar> calendars = new LinkedHashMap<>();

    private SlaSection(FieldReader in) {
        this.in = in;
        this.times = new SilencesSection(in);
    }

    static SlaPolicies read(YamlNode node, FieldReader in) {
        if (node == null) {
            return SlaPolicies.NONE;
        }
        SlaSection s = new SlaSection(in);
        Map<String, YamlNode> k = in.keys(node, "sla", KEYS);
        for (var item : in.entries(k.get("calendars"), "sla.calendars", "entry")) {
            s.defineCalendar(item.node(), item.field());
        }
        List<SlaPolicy> policies = new ArrayList<>();
        String catchAll = null;
        for (var item : in.entries(k.get("policies"), "sla.policies", "entry")) {
            SlaPolicy p = s.policy(item.node(), item.field());
            if (p == null) {
                continue;
            }
            if (catchAll != null) {
                in.problem(item.node().line(), item.field(), "policy '" + p.name() + "' is never used: " + catchAll
                        + " before it applies to every incident", "the first policy that applies wins: put the"
                        + " catch-all last, or give it queues or priorities");
            } else if (p.queues().isEmpty() && p.priorities().isEmpty()) {
                catchAll = "policy '" + p.name() + "' (" + item.field() + ")";
            }
            policies.add(p);
        }
        return new SlaPolicies(policies);
    }

    private void defineCalendar(YamlNode node, String field) {
        Map<String, YamlNode> k = in.keys(node, field, CALENDAR_KEYS);
        String name = in.uniqueName(node, k.get("name"), field + ".name", calendarNames,
                "policies refer to a calendar by its name", "calendars need names of their own");
        ZoneId zone = times.zone(node, k.get("timeZone"), field + ".timeZone");
        Map<DayOfWeek, List<BusinessCalendar.Hours>> week = hours(node, k.get("hours"), field + ".hours");
        Set<LocalDate> holidays = holidays(k.get("holidays"), field + ".holidays");
        if (name != null && zone != null && week != null && holidays != null) {
            calendars.put(name, new BusinessCalendar(name, week, zone, holidays));
        }
    }

    private Map<DayOfWeek, List<BusinessCalendar.Hours>> hours(YamlNode entry, YamlNode node, String field) {
        String example = "e.g. hours: [{every: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"17:00\"}]";
        if (node == null) {
            in.problem(entry.line(), field, "missing: when the SLA clocks run", example);
            return null;
        }
        List<FieldReader.Entry> ranges = in.entries(node, field, "entry");
        if (node.value() instanceof List<?> l && l.isEmpty()) {
            in.problem(node.line(), field, "is empty: the clocks would never run", example);
            return null;
        }
        Map<DayOfWeek, List<BusinessCalendar.Hours>> week = new EnumMap<>(DayOfWeek.class);
        boolean ok = ranges.size() == node.items().size();
        for (FieldReader.Entry r : ranges) {
            Map<String, YamlNode> k = in.keys(r.node(), r.field(), HOURS_KEYS);
            Set<DayOfWeek> days = times.days(r.node(), k.get("every"), r.field() + ".every");
            LocalTime from = times.time(r.node(), k.get("from"), r.field() + ".from");
            LocalTime to = times.time(r.node(), k.get("to"), r.field() + ".to");
            if (days == null || from == null || to == null) {
                ok = false;
                continue;
            }
            if (!to.equals(LocalTime.MIDNIGHT) && !to.isAfter(from)) {
                in.problem(k.get("to").line(), r.field() + ".to", "must be after from (" + from + ")",
                        "working hours end on the day they start; for a night shift write two ranges, one to"
                                + " \"24:00\" and one from \"00:00\"");
                ok = false;
                continue;
            }
            for (DayOfWeek d : days) {
                week.computeIfAbsent(d, x -> new ArrayList<>()).add(new BusinessCalendar.Hours(from, to));
            }
        }
        return ok ? week : null;
    }

    private Set<LocalDate> holidays(YamlNode node, String field) {
        if (node == null) {
            return Set.of();
        }
        if (!(node.value() instanceof List<?>)) {
            in.problem(node.line(), field, "must be a list of dates, got " + FieldReader.describe(node.value()),
                    "e.g. holidays: [2026-12-24, 2026-12-25]");
            return null;
        }
        Set<LocalDate> out = new LinkedHashSet<>();
        boolean ok = true;
        List<YamlNode> items = node.items();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String text = item.text() == null ? FieldReader.describe(item.value()) : item.text();
            try {
                out.add(LocalDate.parse(text));
            } catch (DateTimeParseException e) {
                in.problem(item.line(), field + "[" + i + "]", "must be a date YYYY-MM-DD, got '" + text + "'",
                        "e.g. 2026-12-24; holidays are whole days in the calendar's time zone");
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private SlaPolicy policy(YamlNode node, String field) {
        Map<String, YamlNode> k = in.keys(node, field, POLICY_KEYS);
        String name = in.uniqueName(node, k.get("name"), field + ".name", policyNames,
                "the timeline and the API name the policy of an incident's SLA", "policies need names of their own");
        Set<String> queues = k.get("queues") == null ? Set.of()
                : set(in.stringList(k.get("queues"), field + ".queues", null, "queues: [db, web]"));
        Set<Priority> priorities = priorities(k.get("priorities"), field + ".priorities");
        Duration ack = in.duration(k.get("acknowledgeWithin"), field + ".acknowledgeWithin", null, false);
        Duration resolve = in.duration(k.get("resolveWithin"), field + ".resolveWithin", null, false);
        boolean clocksOk = true;
        if (k.get("acknowledgeWithin") == null && k.get("resolveWithin") == null) {
            in.problem(node.line(), field, "has no clock: set acknowledgeWithin, resolveWithin or both",
                    "e.g. acknowledgeWithin: 15m, resolveWithin: 4h");
            clocksOk = false;
        } else if (ack != null && resolve != null && resolve.compareTo(ack) < 0) {
            in.problem(k.get("resolveWithin").line(), field + ".resolveWithin", "is shorter than acknowledgeWithin ("
                    + dev.sift.core.time.Durations.format(ack) + ")", "an incident is acknowledged before it is"
                    + " resolved; both clocks start at the first signal");
            clocksOk = false;
        }
        BusinessCalendar calendar = calendar(k.get("calendar"), field + ".calendar");
        Priority raiseTo = null;
        if (k.get("raiseTo") != null) {
            String text = in.string(k.get("raiseTo"), field + ".raiseTo", null);
            try {
                raiseTo = text == null ? null : Priority.fromWireName(text);
            } catch (IllegalArgumentException e) {
                in.problem(k.get("raiseTo").line(), field + ".raiseTo", e.getMessage(),
                        "the priority a breach raises the incident to, e.g. raiseTo: P1");
            }
        }
        boolean raiseOneStep = in.bool(k.get("raisePriority"), field + ".raisePriority", false);
        if (raiseTo != null && raiseOneStep) {
            in.problem(k.get("raisePriority").line(), field + ".raisePriority", "cannot be used with raiseTo",
                    "raisePriority: true raises one step (P3 → P2); raiseTo: P1 raises to P1; choose one");
            return null;
        }
        boolean unknownCalendar = k.get("calendar") != null && calendar == null;
        boolean badList = k.get("queues") != null && queues == null || k.get("priorities") != null && priorities == null;
        if (name == null || !clocksOk || unknownCalendar || badList || k.get("raiseTo") != null && raiseTo == null
                || (k.get("acknowledgeWithin") != null && ack == null) || (k.get("resolveWithin") != null
                && resolve == null)) {
            return null;
        }
        return new SlaPolicy(name, queues, priorities, ack, resolve, calendar, raiseTo, raiseOneStep);
    }

    private static Set<String> set(List<String> list) {
        return list == null ? null : Set.copyOf(list);
    }

    private Set<Priority> priorities(YamlNode node, String field) {
        if (node == null) {
            return Set.of();
        }
        List<String> names = in.stringList(node, field, null, "priorities: [P1, P2]");
        if (names == null || names.size() != node.items().size()) {
            return null;
        }
        Set<Priority> out = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < names.size(); i++) {
            try {
                out.add(Priority.fromWireName(names.get(i)));
            } catch (IllegalArgumentException e) {
                in.problem(node.items().get(i).line(), field + "[" + i + "]", e.getMessage(), null);
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private BusinessCalendar calendar(YamlNode node, String field) {
        if (node == null) {
            return BusinessCalendar.ALWAYS;
        }
        String name = in.string(node, field, null);
        if (name == null) {
            return null;
        }
        BusinessCalendar c = calendars.get(name);
        if (c == null && !calendarNames.containsKey(name)) { // a calendar with problems of its own is not repeated
            in.problem(node.line(), field, "unknown calendar '" + name + "'", calendarNames.isEmpty()
                    ? "define it under sla.calendars, or leave calendar out to count round the clock"
                    : FieldReader.closest(name, calendarNames.keySet()).map(s -> "did you mean '" + s + "'?")
                            .orElse("calendars are " + String.join(", ", calendarNames.keySet().stream().sorted()
                                    .toList())));
        }
        return c;
    }
}
