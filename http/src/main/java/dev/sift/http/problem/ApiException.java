package dev.sift.http.problem;

/**
 * A request that cannot be served, with what the client must know to fix it. Rendered as an RFC 9457
 * {@code application/problem+json} body by {@link Problems}. Carries no stack trace: it is an answer, not a bug.
 *
 * @param field the JSON path or parameter at fault ({@code alerts[2].labels}), or null
 * @param reason why a request was refused as a whole ({@code queue_full}, {@code database_unavailable}), or null:
 *     sent as the problem's {@code reason} member and used as the refusal metric's label
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final String field;
    private final String retryAfterSeconds;
    private final String reason;

    public ApiException(int status, String title, String detail, String field, String retryAfterSeconds) {
        this(status, title, detail, field, retryAfterSeconds, null);
    }

    private ApiException(int status, String title, String detail, String field, String retryAfterSeconds,
                         String reason) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
        this.reason = reason;
    }

    public static ApiException badRequest(String title, String detail, String field) {
        return new ApiException(400, title, detail, field, null);
    }

    public static ApiException invalidField(String field, String detail) {
        return new ApiException(400, "invalid field", field + ": " + detail, field, null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not found", detail, null, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", detail, null, null);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", detail, null, null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail, null, null);
    }

    public static ApiException unavailable(int status, String detail, int retryAfterSeconds) {
        return unavailable(status, null, detail, retryAfterSeconds);
    }

    /** "Retry later", with a machine-readable {@code reason} for the refusal. */
    public static ApiException unavailable(int status, String reason, String detail, int retryAfterSeconds) {
        return new ApiException(status, status == 429 ? "too many requests" : "service unavailable", detail, null,
                Integer.toString(retryAfterSeconds), reason);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String reason() {
        return reason;
    }
}
