package dev.sift.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Our own script and style, and htmx from its webjar: all from our origin (the CSP allows nothing else), read once
 * at start. A fixed table, so no path from a request ever reaches the class path.
 */
public final class StaticFiles {
    private static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.10/dist/htmx.min.js";

    private record File(byte[] bytes, String type) {}

    private final Map<String, File> files = Map.of(
            "sift.js", new File(load("dev/sift/web/static/sift.js"), "text/javascript; charset=UTF-8"),
            "sift.css", new File(load("dev/sift/web/static/sift.css"), "text/css; charset=UTF-8"),
            "htmx.min.js", new File(load(HTMX), "text/javascript; charset=UTF-8"));

    public void serve(ServerRequest req, ServerResponse res) {
        File f = files.get(req.path().pathParameters().get("name"));
        if (f == null) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, f.type());
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
        res.send(f.bytes());
    }

    private static byte[] load(String resource) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " (a build problem)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
