package dev.sift.app.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.app.replay.LabelSets.LabelSet;
import dev.sift.core.alert.AlertDescription;
import dev.sift.core.alert.Source;
import dev.sift.core.signal.Signal;
import dev.sift.core.time.Rfc3339;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the lines of one recorded stream into {@link ReplayEvent}s. Fields may be missing; unknown fields are
 * ignored.
 *
 * <p>A line is read as a stream of tokens, without building a tree of it: that tree was most of the cost of a
 * replay. What the tree gave is kept: the whole line must be valid JSON before any field is judged, text after
 * the object is ignored, a field named twice keeps its last value, and a value that is not a string is read as
 * Jackson's text of it. Not thread-safe: one replay owns a parser (and its {@link LabelSets}).
 */
final class ReplayEventParser {
    /**
     * Tokens only. An ObjectMapper (hundreds of classes to load, a third of a second when the command starts) is
     * needed only for the rare value that is not a string or line that is not an object: see {@link Trees}.
     */
    private static final JsonFactory JSON = new JsonFactory();
    /** What {@code labels} hold when they are there but not an object. */
    private static final LabelSet LABELS_NOT_AN_OBJECT = new LabelSet(Map.of(), "", "");
    /** What {@code annotations} hold when they are there but not an object. */
    private static final Map<String, String> NOT_AN_OBJECT = Map.of();

    private final LabelSets labelSets = new LabelSets();

    /**
     * One line as bytes, or null if it is blank. A line of printable ASCII, which is what recorded streams are, is
     * read from its bytes; any other line is decoded as UTF-8 (bad bytes become U+FFFD, as a Reader makes them)
     * and read as text, with exactly the rules and messages of {@link #parse(String, int, Instant)}.
     *
     * @throws IllegalArgumentException naming the line and, where one is to blame, the field
     */
    ReplayEvent parse(byte[] bytes, int from, int to, int lineNumber, Instant previous) {
        if (!isPrintableAscii(bytes, from, to)) {
            String line = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            return line.isBlank() ? null : parse(line, lineNumber, previous);
        }
        if (isSpacesAndTabs(bytes, from, to)) {
            return null;
        }
        Fields fields;
        try (JsonParser parser = JSON.createParser(bytes, from, to - from)) {
            fields = parser.nextToken() == JsonToken.START_OBJECT ? readObject(parser, bytes, from) : null;
        } catch (IOException e) {
            fields = null; // not valid JSON: the text path finds out again and says so the way it always did
        }
        if (fields == null) {
            return parse(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1), lineNumber, previous);
        }
        return fields.toEvent(lineNumber, previous);
    }

    /** One line as text. @throws IllegalArgumentException naming the line and, where one is to blame, the field */
    ReplayEvent parse(String line, int lineNumber, Instant previous) {
        Fields fields;
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                Trees.MAPPER.readTree(line); // whatever it is must be valid JSON, as when every line was read whole
                throw new IllegalArgumentException("line " + lineNumber + ": not a JSON object");
            }
            fields = readObject(parser, line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a parser over a String does no I/O
        }
        return fields.toEvent(lineNumber, previous);
    }

    /** Bytes 0x20 to 0x7E and tabs: one byte per char, and no byte a JSON parser for text and one for bytes could read differently. */
    private static boolean isPrintableAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if ((b < 0x20 || b > 0x7E) && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** For printable ASCII, what {@code String.isBlank()} says. */
    private static boolean isSpacesAndTabs(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The fields of one line as they were written, before any of them is judged. */
    private static final class Fields {
        String id;
        LabelSet labels;
        Map<String, String> annotations;
        String startsAt;
        String endsAt;
        String receivedAt;
        String status;

        ReplayEvent toEvent(int lineNumber, Instant previous) {
            String eventId = id != null ? id : "line-" + lineNumber;
            if (labels == LABELS_NOT_AN_OBJECT) {
                throw new IllegalArgumentException("line " + lineNumber + ": labels must be an object");
            }
            if (labels == null || labels.labels().isEmpty()) {
                throw new IllegalArgumentException("line " + lineNumber + ": labels are missing or empty");
            }
            if (annotations == NOT_AN_OBJECT) {
                throw new IllegalArgumentException("line " + lineNumber + ": annotations must be an object");
            }
            Map<String, String> notes = annotations != null ? annotations : Map.of();
            Instant starts = time(startsAt, "startsAt", lineNumber);
            Instant ends = time(endsAt, "endsAt", lineNumber);
            Instant received = time(receivedAt, "receivedAt", lineNumber);
            if (received == null) {
                received = previous != null ? previous : starts;
            }
            if (received == null) {
                throw new IllegalArgumentException("line " + lineNumber
                        + ": no receivedAt and nothing to take the time from");
            }
            boolean resolved = status == null ? ends != null && !ends.isAfter(received) : status.equals("resolved");
            Signal signal;
            if (resolved) {
                signal = new Signal.Resolved(Source.REPLAY, 0, labels.fingerprint(), ends);
            } else {
                Map<String, String> l = labels.labels();
                String title = notes.getOrDefault("summary", l.getOrDefault("alertname", "alert"));
                signal = new Signal.Firing(Source.REPLAY, 0, labels.fingerprint(), new AlertDescription(l, notes,
                        title, l.get("severity"), labels.upstreamFingerprint(), null), starts);
            }
            return new ReplayEvent(eventId, received, signal);
        }
    }

    /** The members of the object whose start the parser is on; labels are looked up by their text in {@code line}. */
    private Fields readObject(JsonParser parser, String line) throws IOException {
        return readObject(parser, (from, to) -> line.substring((int) from, (int) to));
    }

    /** The same for a line of ASCII bytes starting at {@code from} (the parser counts from there). */
    private Fields readObject(JsonParser parser, byte[] bytes, int from) throws IOException {
        return readObject(parser, (start, end) -> new String(bytes, from + (int) start, (int) (end - start),
                StandardCharsets.ISO_8859_1));
    }

    /** The text of the line between two offsets as the parser counts them. */
    private interface Slice {
        String text(long start, long end);
    }

    private Fields readObject(JsonParser parser, Slice line) throws IOException {
        Fields f = new Fields();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "id" -> f.id = text(parser, value);
                case "labels" -> f.labels = labelSet(parser, value, line);
                case "annotations" -> f.annotations = strings(parser, value);
                case "startsAt" -> f.startsAt = text(parser, value);
                case "endsAt" -> f.endsAt = text(parser, value);
                case "receivedAt" -> f.receivedAt = text(parser, value);
                case "status" -> f.status = text(parser, value);
                default -> parser.skipChildren();
            }
        }
        return f;
    }

    /** The labels object is only skipped over (which checks it is valid JSON); its text finds the set. */
    private LabelSet labelSet(JsonParser parser, JsonToken value, Slice line) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return LABELS_NOT_AN_OBJECT;
        }
        long start = offset(parser.currentTokenLocation());
        parser.skipChildren();
        long end = offset(parser.currentLocation());
        return labelSets.of(line.text(start, end), ReplayEventParser::readObjectOfStrings);
    }

    /** Where the parser is: in chars when it reads text, in bytes when it reads bytes (then the other is -1). */
    private static long offset(JsonLocation location) {
        return location.getCharOffset() >= 0 ? location.getCharOffset() : location.getByteOffset();
    }

    private static Map<String, String> readObjectOfStrings(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return strings(parser, parser.nextToken());
        } catch (IOException e) {
            throw new UncheckedIOException("labels read once already: " + json, e);
        }
    }

    /** An object's members as text; null for JSON null, {@link #NOT_AN_OBJECT} for any other value. */
    private static Map<String, String> strings(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return NOT_AN_OBJECT;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken v = parser.nextToken();
            out.put(name, v == JsonToken.VALUE_STRING ? parser.getText() : asText(parser));
        }
        return out;
    }

    /** A field's text: null for JSON null; other values as Jackson's text of them ({@code 5}, {@code true}, ""). */
    private static String text(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> null;
            default -> asText(parser);
        };
    }

    /** The value the parser is on, as {@code JsonNode.asText()} gives it: "5", "1.5", "true", "null", "" for containers. */
    private static String asText(JsonParser parser) throws IOException {
        return Trees.MAPPER.<JsonNode>readTree(parser).asText();
    }

    /** The mapper that built a tree of every line before; created the first time one of those rare values comes. */
    private static final class Trees {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static Instant time(String text, String name, int line) {
        if (text == null || text.isEmpty() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("line " + line + ": " + name + " is not an RFC 3339 time: '" + text + "'");
        }
    }
}
