package dev.sift.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The writes of one batch as a single SQL statement: each write becomes a data-modifying {@code WITH} part of
 * one statement, run in auto-commit. PostgreSQL runs every part exactly once and commits them together or not
 * at all, and the batch costs one round trip instead of one per table plus the commit — which is what a small
 * batch (one alert per request) waits for. Parts never touch the same row twice: {@code Changes} keeps full
 * changes and counter-only repeats of an alert apart.
 */
final class BatchStatement {
    /** A named parameter (":name"), not the second colon of a cast ("::jsonb"). */
    private static final Pattern PARAMETER = Pattern.compile("(?<!:):([A-Za-z][A-Za-z0-9_]*)");

    /**
     * Each write's SQL with its parameters renamed, per position in a statement. There are few of them (a handful
     * of writes, each at a few positions), and renaming with a regular expression on every batch cost the writer
     * more than PostgreSQL took to run a small batch.
     */
    private static final Map<String, Map<String, String>> RENAMED = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<String> parts = new ArrayList<>();
    private final Map<String, Object> bindings = new HashMap<>();

    /** One write, with parameters of its own (their names are made unique within the statement). */
    Part createUpdate(String sql) {
        return new Part(sql, "w" + parts.size() + "_");
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    String sql() {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        StringBuilder sql = new StringBuilder("with ");
        for (int i = 0; i < parts.size() - 1; i++) {
            sql.append(i == 0 ? "" : ", ").append('w').append(i).append(" as (").append(parts.get(i)).append(')');
        }
        return sql.append(' ').append(parts.getLast()).toString();
    }

    Map<String, Object> bindings() {
        return bindings;
    }

    final class Part {
        private final String sql;
        private final String prefix;

        private Part(String sql, String prefix) {
            this.sql = sql;
            this.prefix = prefix;
        }

        Part bind(String name, Object value) {
            bindings.put(prefix + name, value);
            return this;
        }

        /** Adds the write to the statement (it runs when the statement does). */
        void execute() {
            parts.add(RENAMED.computeIfAbsent(prefix, p -> new java.util.concurrent.ConcurrentHashMap<>())
                    .computeIfAbsent(sql, q -> PARAMETER.matcher(q).replaceAll(":" + prefix + "$1")));
        }
    }
}
