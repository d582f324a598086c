package dev.sift.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sift.http.problem.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** Small request/response helpers shared by every handler. */
public final class Exchange {
    private Exchange() {}

    /** Bodies larger than this are refused with 413: large Alertmanager groups fit, memory abuse does not. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** The body as JSON; the content type must say JSON (415 otherwise). */
    public static JsonNode jsonBody(ServerRequest req) {
        requireJson(req);
        return Json.parse(body(req, MAX_BODY_BYTES));
    }

    /**
     * The raw body, refused with 413 when larger than {@code max} bytes: at once when Content-Length says so,
     * otherwise (chunked) as soon as more than that has arrived.
     */
    public static byte[] body(ServerRequest req, int max) {
        if (req.headers().contentLength().orElse(0) > max) {
            throw tooLarge(max);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (var in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw tooLarge(max);
            }
            return bytes;
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("unreadable body", "the request body could not be read: " + e.getMessage(),
                    null);
        }
    }

    private static ApiException tooLarge(int max) {
        String limit = max % (1024 * 1024) == 0 ? max / (1024 * 1024) + " MiB" : max / 1024 + " KB";
        return new ApiException(413, "payload too large", "the body is larger than the limit of " + limit, null, null);
    }

    /** Like {@link #jsonBody} but an absent body counts as {@code {}}: for actions that need no input. */
    public static JsonNode optionalJsonBody(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return Json.MAPPER.createObjectNode();
        }
        byte[] bytes = body(req, MAX_BODY_BYTES);
        if (bytes.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        requireJson(req);
        JsonNode node = Json.parse(bytes);
        return Fields.object(node, "body");
    }

    public static void requireJson(ServerRequest req) {
        Optional<HttpMediaType> type = req.headers().contentType();
        String subtype = type.map(t -> t.mediaType().type() + "/" + t.mediaType().subtype()).orElse(null);
        if (subtype == null || !(subtype.equalsIgnoreCase("application/json") || subtype.toLowerCase().endsWith("+json"))) {
            throw new ApiException(415, "unsupported media type", "send the body as application/json (got "
                    + (subtype == null ? "no Content-Type" : subtype) + ")", null, null);
        }
        type.flatMap(t -> t.charset())
                .filter(cs -> !cs.equalsIgnoreCase("utf-8"))
                .ifPresent(cs -> {
                    throw new ApiException(415, "unsupported media type", "JSON must be UTF-8 (got charset " + cs + ")",
                            null, null);
                });
    }

    public static void json(ServerResponse res, int status, Object body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }

    /** A path parameter that must be a positive number, such as an incident id ({@code 42} or {@code #42}). */
    public static long idParameter(ServerRequest req, String name) {
        String raw = req.path().pathParameters().get(name);
        String digits = raw.startsWith("#") ? raw.substring(1) : raw;
        try {
            long id = Long.parseLong(digits);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // same answer as a non-positive number
        }
        throw ApiException.badRequest("invalid id", name + " must be a positive number, got '" + Fields.abbreviate(raw)
                + "'", name);
    }

    /** A query parameter, or null. */
    public static String query(ServerRequest req, String name) {
        return req.query().first(name).filter(v -> !v.isBlank()).orElse(null);
    }
}
