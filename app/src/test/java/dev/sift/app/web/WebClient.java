package dev.sift.app.web;

import dev.sift.app.TestSift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser, for the web UI's HTTP-level rules (cookies, CSRF, headers): it keeps cookies as a
 * browser would (by name; paths are not needed here) and never follows redirects, so tests see each answer.
 */
final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SET_COOKIE = Pattern.compile("^([^=;]+)=([^;]*)");

    final Map<String, String> cookies = new LinkedHashMap<>();
    /** Sent with every request, such as a proxy's X-Forwarded-Proto. */
    final Map<String, String> headers = new LinkedHashMap<>();
    private final TestSift sift;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    WebClient(TestSift sift) {
        this.sift = sift;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(sift.uri(path)).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(sift.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs in through the form, as a browser does; returns the answer to the POST. */
    HttpResponse<String> signIn(String username, String password) {
        String csrf = csrfOf(get("/login"));
        return post("/login", Map.of("username", username, "password", password, "csrf", csrf, "next", "/"));
    }

    static String csrfOf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF field on the page: " + page.body());
        }
        return m.group(1).replace("&#34;", "\"").replace("&amp;", "&");
    }

    /** The raw Set-Cookie header for this cookie name in the answer, or null. */
    static String setCookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElse(null);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        headers.forEach(b::header);
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            List<String> set = r.headers().allValues("set-cookie");
            for (String c : set) {
                Matcher m = SET_COOKIE.matcher(c);
                if (m.find()) {
                    boolean expired = c.toLowerCase().contains("max-age=0") || m.group(2).isEmpty();
                    if (expired) {
                        cookies.remove(m.group(1).strip());
                    } else {
                        cookies.put(m.group(1).strip(), m.group(2));
                    }
                }
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
