package dev.sift.app.icinga2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.integration.Integration;
import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.MatchType;
import dev.sift.core.matching.Matcher;
import dev.sift.core.signal.Signal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an Icinga2 event or object means for Sift, without any I/O: the unit-tested heart of the connector.
 *
 * <p>An object (a host, or a service {@code host!service}) is one alert; its fingerprint is derived from the
 * integration and the object name, so that two Icinga2s with the same host names stay apart. A HARD non-OK state
 * fires it (SOFT states are Icinga2 still re-checking, and are ignored), OK or UP resolves it. Labels are
 * {@code alertname} (the service name, or {@code HostDown}), {@code host}, {@code service} (services only) and
 * {@code state}: a host's problem and its services' problems share the {@code host} label, which grouping and
 * matchers understand.
 */
public final class Icinga2Events {
    /** The alert name of a host problem. */
    public static final String HOST_DOWN = "HostDown";

    private Icinga2Events() {}

    /** What one event-stream line asks of Sift. */
    public sealed interface Reaction {}

    /** The object is in a HARD problem state: its alert fires. */
    public record Problem(String object, String host, String service, String state, String output, Instant since)
            implements Reaction {}

    /** The object is OK or UP again. */
    public record Recovery(String object, Instant at) implements Reaction {}

    /** Someone acknowledged the object's problem in Icinga2. */
    public record Acknowledged(String object, String author, String comment) implements Reaction {}

    /**
     * A downtime took effect on a host or service ({@code service} empty for a host downtime) until
     * {@code endsAt}. {@code name} is Icinga2's full downtime name, unique and stable.
     */
    public record DowntimeBegan(String name, String host, String service, Instant endsAt, String author,
                                String comment) implements Reaction {}

    /** A downtime was removed (cancelled or over). */
    public record DowntimeEnded(String name) implements Reaction {}

    /** Nothing to do, and why (for the debug log). */
    public record Ignored(String why) implements Reaction {}

    /** Maps one event from {@code POST /v1/events}. */
    public static Reaction of(JsonNode event) {
        String type = event.path("type").asText("");
        Instant at = seconds(event.path("timestamp"));
        return switch (type) {
            case "StateChange" -> stateChange(event, at);
            case "AcknowledgementSet" -> new Acknowledged(objectName(event), event.path("author").asText(""),
                    event.path("comment").asText(""));
            case "DowntimeStarted", "DowntimeTriggered" -> downtime(event.path("downtime"), at);
            case "DowntimeRemoved" -> new DowntimeEnded(downtimeName(event.path("downtime")));
            default -> new Ignored("event type '" + type + "' is not one Sift follows");
        };
    }

    /**
     * Maps one result of {@code /v1/objects/hosts} or {@code /v1/objects/services} (with attrs {@code state},
     * {@code state_type}, {@code last_check_result}, {@code last_hard_state_change}): a current problem, or empty
     * when the object is fine or only in a SOFT state.
     */
    public static java.util.Optional<Problem> ofObject(JsonNode result) {
        JsonNode attrs = result.path("attrs");
        boolean host = "Host".equals(result.path("type").asText());
        int state = attrs.path("state").asInt(0);
        if (state == 0 || attrs.path("state_type").asInt(0) != 1) {
            return java.util.Optional.empty();
        }
        String name = result.path("name").asText();
        String hostName = host ? name : attrs.path("host_name").asText(name.substring(0, Math.max(0,
                name.indexOf('!'))));
        String service = host ? "" : attrs.path("name").asText(name.substring(name.indexOf('!') + 1));
        Instant since = seconds(attrs.path("last_hard_state_change"));
        return java.util.Optional.of(new Problem(name, hostName, service, stateName(host, state),
                attrs.path("last_check_result").path("output").asText(""), since));
    }

    /** Whether a host or service from an object query is acknowledged now (normal or sticky). */
    public static boolean acknowledged(JsonNode result) {
        return result.path("attrs").path("acknowledgement").asDouble(0) > 0;
    }

    /**
     * Who acknowledged which object, from a {@code /v1/objects/comments} query: an acknowledgement is a comment of
     * entry type 4 whose author is the acknowledgement's author.
     */
    public static Map<String, String> acknowledgementAuthors(List<JsonNode> comments) {
        Map<String, String> authors = new LinkedHashMap<>();
        for (JsonNode c : comments) {
            JsonNode a = c.path("attrs");
            if (a.path("entry_type").asInt(0) == 4) {
                String service = a.path("service_name").asText("");
                authors.put(a.path("host_name").asText() + (service.isEmpty() ? "" : "!" + service),
                        a.path("author").asText(""));
            }
        }
        return authors;
    }

    /** A downtime from {@code /v1/objects/downtimes}, if it is in effect at {@code now}. */
    public static java.util.Optional<DowntimeBegan> ofDowntimeObject(JsonNode result, Instant now) {
        JsonNode d = result.path("attrs");
        Instant start = seconds(d.path("start_time"));
        Instant triggered = seconds(d.path("trigger_time"));
        boolean fixed = d.path("fixed").asBoolean(true);
        boolean begun = fixed ? start != null && !start.isAfter(now) : triggered != null && !triggered.isAfter(now);
        if (!begun || d.path("was_cancelled").asBoolean(false)) {
            return java.util.Optional.empty();
        }
        if (!(downtime(d, now) instanceof DowntimeBegan b) || !b.endsAt().isAfter(now)) {
            return java.util.Optional.empty();
        }
        String name = result.path("name").asText(b.name()); // the full name, as events carry it in __name
        return java.util.Optional.of(new DowntimeBegan(name, b.host(), b.service(), b.endsAt(), b.author(),
                b.comment()));
    }

    /** The firing signal of a problem, for the integration that reported it. */
    public static Signal.Firing firing(Problem p, Integration integration) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", p.service().isEmpty() ? HOST_DOWN : p.service());
        labels.put("host", p.host());
        if (!p.service().isEmpty()) {
            labels.put("service", p.service());
        }
        labels.put("state", p.state());
        Map<String, String> annotations = p.output().isEmpty() ? Map.of() : Map.of("output", p.output());
        String title = (p.service().isEmpty() ? "host " + p.host() : p.object()) + " is " + p.state()
                + (p.output().isEmpty() ? "" : ": " + firstLine(p.output()));
        var description = new AlertDescription(labels, annotations, title, severity(p.state()), null, p.object());
        return new Signal.Firing(Source.ICINGA2, integration.id(), integration.name(),
                fingerprint(integration.id(), p.object()), description, p.since());
    }

    public static Signal.Resolved resolved(String object, Instant at, Integration integration) {
        return new Signal.Resolved(Source.ICINGA2, integration.id(), fingerprint(integration.id(), object), at);
    }

    /** The alert of an Icinga2 object (its full name, {@code host} or {@code host!service}). */
    public static String fingerprint(long integrationId, String object) {
        return Fingerprint.ofDedupKey(integrationId, object);
    }

    /**
     * The matchers of the silence for a downtime: this integration's alerts of that object only. A host downtime
     * silences the host's own problem ({@code service=""} matches alerts without a service), not its services,
     * as in Icinga2 where a service has downtimes of its own.
     */
    public static List<Matcher> silenceMatchers(DowntimeBegan d, Integration integration) {
        return List.of(Matcher.of(AlertFields.INTEGRATION, MatchType.EQUAL, integration.name()),
                Matcher.of("host", MatchType.EQUAL, d.host()),
                Matcher.of("service", MatchType.EQUAL, d.service()));
    }

    /** The comment of a downtime's silence; it names the downtime, so that the silence can be found again. */
    public static String silenceComment(DowntimeBegan d) {
        return marker(d.name()) + " by " + (d.author().isEmpty() ? "(unknown)" : d.author())
                + (d.comment().isEmpty() ? "" : ": " + d.comment());
    }

    /** How a downtime's silence is recognised among others: its comment starts with this. */
    public static String marker(String downtimeName) {
        return "Icinga2 downtime " + downtimeName;
    }

    /** {@code critical} for CRITICAL and DOWN, else the state in lower case ({@code warning}, {@code unknown}). */
    static String severity(String state) {
        return state.equals("DOWN") ? "critical" : state.toLowerCase(java.util.Locale.ROOT);
    }

    private static Reaction stateChange(JsonNode event, Instant at) {
        boolean host = !event.has("service");
        int state = event.path("state").asInt(0);
        String object = objectName(event);
        if (state == 0) {
            return new Recovery(object, at);
        }
        if (event.path("state_type").asInt(0) != 1) {
            return new Ignored(object + " is " + stateName(host, state) + " but SOFT: Icinga2 is still re-checking");
        }
        String service = host ? "" : event.path("service").asText();
        return new Problem(object, event.path("host").asText(), service, stateName(host, state),
                event.path("check_result").path("output").asText(""), at);
    }

    private static Reaction downtime(JsonNode d, Instant at) {
        String host = d.path("host_name").asText("");
        String service = d.path("service_name").asText("");
        Instant end;
        if (d.path("fixed").asBoolean(true)) {
            end = seconds(d.path("end_time"));
        } else { // flexible: it lasts its duration from when it was triggered
            Instant triggered = d.path("trigger_time").asDouble(0) > 0 ? seconds(d.path("trigger_time")) : at;
            end = triggered.plusMillis((long) (d.path("duration").asDouble(0) * 1000));
        }
        if (host.isEmpty() || end == null) {
            return new Ignored("downtime without host or end: " + d);
        }
        return new DowntimeBegan(downtimeName(d), host, service, end, d.path("author").asText(""),
                d.path("comment").asText(""));
    }

    private static String downtimeName(JsonNode d) {
        if (d.hasNonNull("__name")) {
            return d.get("__name").asText();
        }
        String service = d.path("service_name").asText("");
        return d.path("host_name").asText() + (service.isEmpty() ? "" : "!" + service) + "!"
                + d.path("name").asText();
    }

    private static String objectName(JsonNode event) {
        String host = event.path("host").asText();
        return event.has("service") ? host + "!" + event.get("service").asText() : host;
    }

    private static String stateName(boolean host, int state) {
        if (host) {
            return state == 0 ? "UP" : "DOWN"; // Icinga2 has no UNREACHABLE state; reachability is a flag
        }
        return switch (state) {
            case 0 -> "OK";
            case 1 -> "WARNING";
            case 2 -> "CRITICAL";
            default -> "UNKNOWN";
        };
    }

    /** Icinga2 times are Unix seconds as floats (also in integer form); null when absent or zero. */
    private static Instant seconds(JsonNode n) {
        if (!n.isNumber() || n.asDouble() <= 0) {
            return null;
        }
        double s = n.asDouble();
        long whole = (long) Math.floor(s);
        return Instant.ofEpochSecond(whole, Math.round((s - whole) * 1_000_000) * 1000);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
