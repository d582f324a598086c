package dev.sift.http.problem;

import dev.sift.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes RFC 9457 problem details. The {@code type} is a stable URN per kind of problem. */
public final class Problems {
    private Problems() {}

    public static void send(ServerResponse res, ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:sift:problem:" + e.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        if (e.reason() != null) {
            body.put("reason", e.reason());
        }
        send(res, e, body);
    }

    /** Sends any body (for compatible endpoints with their own error shape) with the exception's status. */
    public static void send(ServerResponse res, ApiException e, Object body) {
        res.status(e.status());
        if (e.retryAfterSeconds() != null) {
            res.header(HeaderNames.RETRY_AFTER, e.retryAfterSeconds());
        }
        if (e.status() == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"sift\"");
        }
        boolean problem = body instanceof Map<?, ?> m && m.containsKey("type");
        res.header(HeaderNames.CONTENT_TYPE, problem ? "application/problem+json" : "application/json");
        res.send(Json.write(body));
    }
}
