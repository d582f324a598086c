package dev.sift.storage;

import java.sql.SQLException;

/** Turns a unique-constraint violation into the caller's "already exists"; anything else stays an error. */
final class Conflicts {
    private static final String UNIQUE_VIOLATION = "23505";

    private Conflicts() {}

    static RuntimeException translate(RuntimeException e, String message) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return new IllegalStateException(message, e);
            }
        }
        return e;
    }
}
