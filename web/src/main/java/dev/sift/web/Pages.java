package dev.sift.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Renders the precompiled jte templates (HTML-escaped by construction) and answers with them. */
public final class Pages {
    private final TemplateEngine jte = TemplateEngine.createPrecompiled(ContentType.Html);

    public void render(ServerResponse res, int status, String template, Object model) {
        var out = new StringOutput();
        jte.render(template, model, out);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        // Pages show who is on call for what: no shared caches, and no stale page after signing out.
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(out.toString());
    }

    /** 303 See Other: after a form, the browser loads the next page with GET, so a reload never posts twice. */
    public static void redirect(ServerResponse res, String location) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, location);
        res.send();
    }

    /** Not signed in: to the sign-in page, which comes back here afterwards. */
    public static void redirectToSignIn(ServerRequest req, ServerResponse res) {
        String query = req.query().rawValue();
        String here = req.path().rawPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        String login = "/login?next=" + URLEncoder.encode(localPath(here), StandardCharsets.UTF_8);
        if (req.headers().contains(HeaderNames.create("HX-Request"))) {
            // The queue's self-refresh: a followed redirect would swap the sign-in form's absence into the table
            // (emptying it); htmx loads the sign-in page as a whole instead.
            res.status(Status.UNAUTHORIZED_401);
            res.header(HeaderNames.create("HX-Redirect"), login);
            res.send();
            return;
        }
        redirect(res, login);
    }

    /**
     * {@code target} when it is a path on this site, else {@code /}: a sign-in link must not be able to send people
     * elsewhere afterwards ({@code //evil.example} and {@code /\evil.example} are other sites to browsers).
     */
    public static String localPath(String target) {
        if (target == null || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
            return "/";
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\') {
                return "/";
            }
        }
        return target;
    }
}
