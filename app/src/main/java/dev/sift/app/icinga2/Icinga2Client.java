package dev.sift.app.icinga2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.core.integration.Icinga2Connection;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Icinga2's REST API as the connector uses it: the event stream and the object queries. Every failure is an
 * {@link Icinga2Failure} whose message tells a person what to check.
 */
final class Icinga2Client {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Until the answer's headers: the stream's body then has no time limit (it never ends by itself). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Icinga2Connection connection;
    private final HttpClient http;
    private final String authorization;

    Icinga2Client(Icinga2Connection connection) {
        this.connection = connection;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // Icinga2 refuses HTTP/1.0 and speaks no HTTP/2
                .connectTimeout(CONNECT_TIMEOUT);
        if (connection.url().startsWith("https")) {
            b.sslContext(sslContext(connection));
        }
        this.http = b.build();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (connection.username() + ":" + connection.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** Subscribes to the event stream: the answer's body is newline-delimited JSON that ends only on errors. */
    InputStream events(String queue, List<String> types) throws Icinga2Failure {
        StringBuilder query = new StringBuilder("queue=").append(encode(queue));
        for (String t : types) {
            query.append("&types=").append(encode(t));
        }
        HttpRequest request = request("/v1/events?" + query)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> r = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            String body = readSome(r.body());
            throw failure(request, r.statusCode(), body);
        }
        return r.body();
    }

    /**
     * The objects of one type ({@code hosts}, {@code services}, {@code downtimes}, {@code comments}) with these
     * attributes; empty when the ApiUser may not query that type. Icinga2 answers a type it may not query with
     * 404 "No objects found", but one it may and that has none with 200 and no results, so the two stay apart.
     */
    Optional<List<JsonNode>> objects(String type, List<String> attrs) throws Icinga2Failure {
        StringBuilder query = new StringBuilder();
        for (String a : attrs) {
            query.append(query.isEmpty() ? "?" : "&").append("attrs=").append(encode(a));
        }
        HttpRequest request = request("/v1/objects/" + type + query).GET().build();
        HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404 && r.body().contains("No objects found")) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw failure(request, r.statusCode(), r.body());
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.body()).path("results").forEach(out::add);
            return Optional.of(out);
        } catch (IOException e) {
            throw new Icinga2Failure("unreadable answer from " + request.uri() + ": " + e.getMessage(), e);
        }
    }

    /** What Icinga2 did with an action on one object. */
    enum ActionResult { DONE, ALREADY, GONE }

    /**
     * Runs an action ({@code acknowledge-problem}, {@code add-comment}) on one host or service object ({@code host}
     * or {@code host!service}). Icinga2's 409 ("is already acknowledged", "is OK") is {@link ActionResult#ALREADY}:
     * nothing is left to do. Its 404 "No objects found" is {@link ActionResult#GONE}: the object was deleted, or the
     * ApiUser lacks the action's permission (Icinga2 answers both alike), told apart by the caller's message.
     */
    ActionResult action(String action, String object, java.util.Map<String, Object> fields) throws Icinga2Failure {
        boolean service = object.contains("!");
        var body = JSON.createObjectNode();
        body.put("type", service ? "Service" : "Host");
        body.put(service ? "service" : "host", object);
        fields.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
        HttpRequest request = request("/v1/actions/" + action)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString());
        return switch (r.statusCode()) {
            case 200 -> ActionResult.DONE;
            case 409 -> ActionResult.ALREADY;
            case 404 -> ActionResult.GONE;
            default -> throw failure(request, r.statusCode(), r.body());
        };
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(connection.url() + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json") // without it, Icinga2 answers every POST with 400
                .header("Authorization", authorization);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws Icinga2Failure {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new Icinga2Failure("cannot reach " + connection.url() + " (" + describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Icinga2Failure("interrupted", e);
        }
    }

    private static Icinga2Failure failure(HttpRequest request, int status, String body) {
        String hint = switch (status) {
            case 401 -> ": check the integration's username and password (an ApiUser in Icinga2)";
            case 403 -> ": the ApiUser lacks a permission (see docs/connectors.md for the list)";
            default -> "";
        };
        String detail = body == null || body.isBlank() ? "" : " " + abbreviate(body.strip());
        return new Icinga2Failure("HTTP " + status + " from " + request.method() + " "
                + request.uri().getPath() + hint + detail, null);
    }

    private static String describe(IOException e) {
        Throwable t = e;
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
        while (t != null) {
            if (t.getMessage() != null) {
                s.append(": ").append(t.getMessage());
                break;
            }
            t = t.getCause();
        }
        if (s.toString().contains("PKIX") || s.toString().contains("certificate")) {
            s.append("; check caFile: it must hold the CA that signed Icinga2's certificate, and the URL's host"
                    + " must be a name in that certificate");
        }
        return s.toString();
    }

    private static String readSome(InputStream in) {
        try (in) {
            return new String(in.readNBytes(500), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static SSLContext sslContext(Icinga2Connection c) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (c.insecureTls()) {
                ctx.init(null, new TrustManager[] {new TrustingEverything()}, new SecureRandom());
            } else if (c.caFile() != null) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                int n = 0;
                try (InputStream in = Files.newInputStream(Path.of(c.caFile()))) {
                    for (Certificate cert : cf.generateCertificates(in)) {
                        store.setCertificateEntry("icinga2-ca-" + n++, cert);
                    }
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            } else {
                return SSLContext.getDefault();
            }
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            // The connection then fails on every attempt with this message, shown as the integration's last error
            throw new IllegalStateException("cannot use caFile " + c.caFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * insecureTls: any certificate, any host name. An extended trust manager is needed for the host name too: the
     * JDK checks it inside the trust manager, so this one skips it.
     */
    private static final class TrustingEverything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A failed call, with a message for people (it becomes the integration's {@code lastError}). */
    static final class Icinga2Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Icinga2Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
