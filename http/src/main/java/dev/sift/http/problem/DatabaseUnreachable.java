package dev.sift.http.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Recognises a failure that means PostgreSQL could not be reached, so that it is answered "retry later" (503 with
 * Retry-After) instead of as a bug (500): a sender then retries, and an operator sees why. Only standard SQLSTATE
 * classes and JDK types are looked at, anywhere in the cause chain: 08 (connection exception, what the driver
 * reports for a refused or broken connection), 57P (the server shut down or is starting), and the pool's "no
 * connection available in time".
 */
public final class DatabaseUnreachable {
    public static final String REASON = "database_unavailable";
    private static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseUnreachable() {}

    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** The answer for a request that needed the database while it was unreachable; nothing was changed. */
    public static ApiException problem() {
        return ApiException.unavailable(503, REASON,
                "the database is unavailable; nothing was changed, retry later", RETRY_AFTER_SECONDS);
    }
}
