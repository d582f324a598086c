package dev.sift.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import dev.sift.core.routing.PriorityRule;
import dev.sift.core.routing.Routing;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Conversions between Java values and columns, in one place so every store maps them the same way. */
final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private Rows() {}

    /** Instants are bound as UTC offsets so that the JVM's time zone never leaks into timestamptz values. */
    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    static Map<String, String> map(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " does not hold a JSON object of strings", e);
        }
    }

    static String json(List<String> list) {
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serializes", e);
        }
    }

    static List<String> list(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            return List.of();
        }
        try {
            return JSON.readValue(text, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " does not hold a JSON array of strings", e);
        }
    }

    /** The routing columns of an incidents row (V5); incidents older than routing read as {@link Routing#NONE}. */
    static Routing routing(ResultSet rs) throws SQLException {
        String rule = rs.getString("priority_rule");
        return new Routing(rs.getString("route_name"), rs.getString("route_path"), rs.getString("route_reason"),
                rule == null ? null : PriorityRule.parse(rule), rs.getString("category"), rs.getString("customer"),
                rs.getString("runbook"), map(rs, "route_labels"), list(rs, "channels"), rs.getString("grouping"));
    }

    /** Cursors are the last id of the previous page; anything else is the caller's mistake. */
    static long cursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            long id = Long.parseLong(cursor);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the same message
        }
        throw new IllegalArgumentException("invalid cursor '" + cursor + "'; pass back the 'next' value of the previous page");
    }
}
