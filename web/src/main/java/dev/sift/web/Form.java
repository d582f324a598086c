package dev.sift.web;

import dev.sift.http.Exchange;
import dev.sift.http.problem.ApiException;
import io.helidon.webserver.http.ServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A submitted HTML form ({@code application/x-www-form-urlencoded}); the first value of each field counts. */
public final class Form {
    /** Forms carry a comment at most; anything larger is not from our pages. */
    private static final int MAX_BYTES = 128 * 1024;

    private final Map<String, String> fields;

    private Form(Map<String, String> fields) {
        this.fields = fields;
    }

    public static Form read(ServerRequest req) {
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
        if (!type.equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw new ApiException(415, "unsupported media type",
                    "send the form as application/x-www-form-urlencoded (got " + (type.isEmpty() ? "none" : type) + ")",
                    null, null);
        }
        return parse(new String(Exchange.body(req, MAX_BYTES), StandardCharsets.UTF_8));
    }

    static Form parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return new Form(fields);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid form", "the form is not valid URL encoding", null);
        }
    }

    /** The value, or null when absent or blank. */
    public String get(String name) {
        String v = fields.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** The value exactly as sent (passwords keep their spaces), or null when absent. */
    public String raw(String name) {
        return fields.get(name);
    }
}
