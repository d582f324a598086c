package dev.sift.app.effect;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * How every effect handler talks HTTP to an external system (ticket systems, webhooks, Alertmanager): one client
 * setup, and one translation of what can go wrong on the way into {@link EffectFailed} — a timeout or an
 * unreachable system is worth retrying, and so is an answer that says "later" ({@link #retryable}).
 */
final class ExternalHttp {
    private ExternalHttp() {}

    /** HTTP/1.1 (the systems we talk to speak it best), a short connect timeout, redirects never followed. */
    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends {@code request} (built with its own timeout) and answers the response, whatever its status.
     *
     * @param system how messages name the other side ("RT", "Zammad", "the receiver")
     * @throws EffectFailed retryable, when there is no answer in time, no connection, or Sift is stopping
     */
    static HttpResponse<String> send(HttpClient http, HttpRequest request, String system) throws EffectFailed {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new EffectFailed(system + " gave no answer to " + request.method() + " within "
                    + request.timeout().map(Duration::toSeconds).orElse(0L) + "s", true);
        } catch (IOException e) {
            throw new EffectFailed("cannot reach " + system + " at " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EffectFailed("interrupted (Sift is stopping)", true);
        }
    }

    /** An answer that may be different later: the server's trouble, a timeout, a conflict, too many requests. */
    static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 409 || status == 429;
    }

    /** A body for a message: at most 200 characters of it, on one line. */
    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
