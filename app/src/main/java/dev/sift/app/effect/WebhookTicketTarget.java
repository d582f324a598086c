package dev.sift.app.effect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sift.core.journal.JournalEntry;
import dev.sift.storage.PostgresEffects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic ticket target: every journal entry the target wants is POSTed as JSON to its {@code url}, signed like
 * notification webhooks ({@code X-Sift-Timestamp}, {@code X-Sift-Signature: sha256=<hex>} = HMAC-SHA256 of
 * {@code <timestamp>.<body>} under the secret), with {@code X-Sift-Delivery} the same on every re-delivery. A
 * {@code template} shapes the body: {@code {{name}}} is replaced by the field's value, JSON-escaped (incidentId,
 * event, title, message, priority, status, actor, at, queue, assignee). The receiver creates and tracks its
 * tickets itself; Sift keeps no mapping for it.
 */
final class WebhookTicketTarget implements EffectHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

    private final EffectTargets setup;
    private final Clock clock;
    private final HttpClient http = ExternalHttp.client();

    WebhookTicketTarget(EffectTargets setup, Clock clock) {
        this.setup = setup;
        this.clock = clock;
    }

    @Override
    public Delivered deliver(PostgresEffects.Target target, JournalEntry e) throws EffectFailed {
        if (!setup.wants(target, e)) {
            return new Delivered("ignore", null);
        }
        String template = target.config().path("template").asText(null);
        byte[] body = (template == null ? standard(e) : fill(template, fields(e))).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.config().path("url").asText()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Sift")
                .header("X-Sift-Event", e.event().wireName())
                .header("X-Sift-Delivery", e.key() + "@" + target.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String secret = setup.secrets(target).get("secret");
        if (secret != null) {
            String ts = Long.toString(clock.instant().getEpochSecond());
            request.header("X-Sift-Timestamp", ts).header("X-Sift-Signature", "sha256=" + sign(secret, ts, body));
        }
        HttpResponse<String> r = ExternalHttp.send(http, request.build(), "the receiver");
        int s = r.statusCode();
        if (s / 100 != 2) {
            throw new EffectFailed("HTTP " + s, ExternalHttp.retryable(s));
        }
        return new Delivered("sent", null);
    }

    static Map<String, String> fields(JournalEntry e) {
        Map<String, String> f = new TreeMap<>();
        f.put("incidentId", Long.toString(e.incidentId()));
        f.put("event", e.event().wireName());
        f.put("title", e.title());
        f.put("message", e.message());
        f.put("priority", e.priority() == null ? "" : e.priority().name());
        f.put("status", e.status());
        f.put("actor", e.actor());
        f.put("at", e.at().toString());
        f.put("queue", e.queue() == null ? "" : e.queue());
        f.put("assignee", e.assignee() == null ? "" : e.assignee());
        return f;
    }

    static String fill(String template, Map<String, String> fields) {
        Matcher m = FIELD.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = fields.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group()
                    : new String(JsonStringEncoder.getInstance().quoteAsString(v))));
        }
        return m.appendTail(b).toString();
    }

    private static String standard(JournalEntry e) {
        ObjectNode o = JSON.createObjectNode();
        fields(e).forEach(o::put);
        o.put("incidentId", e.incidentId());
        o.set("labels", JSON.valueToTree(new TreeMap<>(e.labels())));
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    private static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException x) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", x);
        }
    }
}
