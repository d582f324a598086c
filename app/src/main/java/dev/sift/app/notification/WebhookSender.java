package dev.sift.app.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.core.notification.Channel;
import dev.sift.core.notification.Notification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs a notification as JSON. With a secret, the request carries {@code X-Sift-Timestamp} (Unix seconds) and
 * {@code X-Sift-Signature: sha256=<hex>}, the HMAC-SHA256 of {@code <timestamp>.<body>} under the secret: the
 * receiver recomputes it over the raw body, compares in constant time and refuses old timestamps (replays).
 * {@code X-Sift-Delivery} is the dedup key, the same on every re-delivery of the same notification.
 */
final class WebhookSender implements Sender {
    static final String SIGNATURE = "X-Sift-Signature";
    static final String TIMESTAMP = "X-Sift-Timestamp";
    static final String DELIVERY = "X-Sift-Delivery";
    static final String EVENT = "X-Sift-Event";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Clock clock;

    WebhookSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void send(Channel channel, Notification n) throws DeliveryFailed {
        Channel.Webhook hook = (Channel.Webhook) channel;
        byte[] body = body(n);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hook.url())).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Sift")
                .header(EVENT, n.event().wireName())
                .header(DELIVERY, n.dedupKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (hook.secret() != null) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            request.header(TIMESTAMP, timestamp)
                    .header(SIGNATURE, "sha256=" + sign(hook.secret().value(), timestamp, body));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new DeliveryFailed("no answer within " + TIMEOUT.toSeconds() + "s", true);
        } catch (IOException e) {
            throw new DeliveryFailed("cannot reach the receiver: " + describe(e), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("interrupted while sending (Sift is stopping)", true);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String answer = response.body() == null ? "" : response.body().strip();
        String why = "HTTP " + status + (answer.isEmpty() ? "" : ": " + abbreviate(answer));
        if (status / 100 == 3) { // a moved receiver is a configuration matter: say so rather than follow blindly
            throw new DeliveryFailed(why + " (not retried: redirects are not followed; set the channel's url to the"
                    + " address it redirects to)", false);
        }
        // 4xx means the receiver refuses this request as it is; trying again changes nothing, except for these.
        boolean retryable = status >= 500 || status == 408 || status == 429;
        throw new DeliveryFailed(retryable ? why : why + " (not retried: the receiver refuses it)", retryable);
    }

    /** The body of the request: the event, and the incident as it was when it happened. */
    static byte[] body(Notification n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", n.dedupKey());
        o.put("event", n.event().wireName());
        o.put("occurredAt", n.at().toString());
        o.put("channel", n.channel());
        o.put("message", n.message());
        ObjectNode i = o.putObject("incident");
        i.put("id", n.incidentId());
        i.put("title", n.title());
        i.put("status", n.status());
        i.put("priority", n.priority() == null ? null : n.priority().name());
        if (n.previousPriority() != null) {
            i.put("previousPriority", n.previousPriority().name());
        }
        i.put("queue", n.queue());
        i.set("labels", JSON.valueToTree(new TreeMap<>(n.labels())));
        i.put("runbook", n.runbook());
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification always serializes", e);
        }
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }
}
