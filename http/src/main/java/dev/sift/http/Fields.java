package dev.sift.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.http.problem.ApiException;
import dev.sift.core.time.Rfc3339;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Typed reads of JSON fields that fail with a 400 naming the field's path and what was expected. */
public final class Fields {
    private Fields() {}

    public static JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw ApiException.invalidField(path, "must be a JSON object, got " + kind(node));
        }
        return node;
    }

    public static String requiredString(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            throw ApiException.invalidField(path, "is required");
        }
        if (!v.isTextual()) {
            throw ApiException.invalidField(path, "must be a string, got " + kind(v));
        }
        return v.textValue();
    }

    public static String optionalString(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalidField(path, "must be a string, got " + kind(v));
        }
        return v.textValue();
    }

    /** A number that names something (an incident, an alert): a whole number from 1. Absent or null → null. */
    public static Long optionalId(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1) {
            throw ApiException.invalidField(path, "must be a whole number from 1, got "
                    + (v.isNumber() ? v.asText() : kind(v)));
        }
        return v.longValue();
    }

    public static long requiredId(JsonNode parent, String name, String path) {
        Long id = optionalId(parent, name, path);
        if (id == null) {
            throw ApiException.invalidField(path, "is required");
        }
        return id;
    }

    /** An object whose values are all strings, as labels and annotations are. Absent → empty. */
    public static Map<String, String> stringMap(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw ApiException.invalidField(path, "must be an object of strings, got " + kind(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiException.invalidField(path + "." + e.getKey(), "must be a string, got " + kind(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** An RFC 3339 time, with or without fraction, Z or an offset; null when absent. */
    public static Instant optionalInstant(JsonNode parent, String name, String path) {
        String text = optionalString(parent, name, path);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Rfc3339.parse(text); // the common UTC form directly, the rest as OffsetDateTime.parse reads it
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(path, "must be an RFC 3339 time such as 2026-03-04T10:15:30Z, got '"
                    + abbreviate(text) + "'");
        }
    }

    public static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        if (v.isNull()) return "null";
        if (v.isTextual()) return "a string";
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        if (v.isArray()) return "an array";
        return "an object";
    }

    public static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
