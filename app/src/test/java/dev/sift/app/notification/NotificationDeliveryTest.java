package dev.sift.app.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sift.app.TestSift;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end, with real parts: a Sift with real PostgreSQL, a local HTTP receiver (verifying body
 * and HMAC signature as a receiver would) and an in-process SMTP server (GreenMail). Opened and resolved incidents
 * are delivered and noted on the timeline; a receiver that fails twice gets the notification on the third attempt,
 * after backoff; one that keeps failing dead-letters it, visibly.
 */
class NotificationDeliveryTest {
    static final String SECRET = "test-signing-secret";
    static final Duration BOUND = Duration.ofSeconds(20);

    static WebhookReceiver receiver;
    static GreenMail smtp;
    static TestSift sift;
    static String key;

    static String rules(WebhookReceiver receiver, int smtpPort, int attempts) {
        return TestSift.NO_GROUPING + """
                channels:
                  - name: ops-hook
                    type: webhook
                    url: %s
                    secret: %s
                  - name: oncall-mail
                    type: email
                    host: 127.0.0.1
                    port: %d
                    username: sift
                    password: mail-pass
                    from: sift@example.org
                    to: [oncall@example.org]
                    events: [opened, resolved]
                  - name: broken-hook
                    type: webhook
                    url: %s
                routes:
                  - matchers: ['source="broken"']
                    channels: [broken-hook]
                  - matchers: ['source="flaky"']
                    channels: [ops-hook]
                notifications:
                  defaultChannels: [ops-hook, oncall-mail]
                  attempts: %d
                  backoff: 300ms
                  maxBackoff: 2s
                """.formatted(receiver.url("/hook"), SECRET, smtpPort, receiver.url("/broken"), attempts);
    }

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver();
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("sift", "mail-pass"));
        smtp.start();
        sift = TestSift.start(TestSift.newHome(), rules(receiver, smtp.getSmtp().getPort(), 3));
        key = sift.integration("events");
    }

    @AfterAll
    static void stop() {
        if (sift != null) {
            sift.close();
        }
        smtp.stop();
        receiver.close();
    }

    static String trigger(TestSift sift, String key, String dedupKey, String source, String severity, String action) {
        var r = sift.post("/v2/enqueue", null, Map.of("routing_key", key, "event_action", action,
                "dedup_key", dedupKey, "payload", Map.of("summary", dedupKey + " is down", "source", source,
                        "severity", severity)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return dedupKey;
    }

    static long incidentOf(TestSift sift, String dedupKey) {
        return sift.getJson("/api/v1/alerts?q=" + dedupKey).get("items").get(0).get("incidentId").asLong();
    }

    static List<String> timeline(TestSift sift, long incident, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : sift.getJson("/api/v1/incidents/" + incident).get("timeline")) {
            if (e.get("kind").asText().equals(kind)) {
                out.add(e.get("message").asText());
            }
        }
        return out;
    }

    /** What a receiver does: HMAC-SHA256 over "<timestamp>.<raw body>", compared in constant time. */
    static boolean signatureValid(WebhookReceiver.Request r, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((r.header("X-Sift-Timestamp") + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()))).getBytes(StandardCharsets.UTF_8);
        return java.security.MessageDigest.isEqual(expected,
                r.header("X-Sift-Signature").getBytes(StandardCharsets.UTF_8));
    }

    static double metric(TestSift sift, String name) {
        String text = sift.get("/metrics", null).body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void anOpenedAndAResolvedIncidentAreDeliveredSignedByWebhookAndByMailAndNotedOnTheTimeline() throws Exception {
        String alert = trigger(sift, key, TestSift.unique("web"), "web-1", "critical", "trigger");
        long incident = incidentOf(sift, alert);

        await().atMost(BOUND).until(() -> receiver.about(alert).size() == 1
                && messagesAbout(alert).size() == 1);
        WebhookReceiver.Request opened = receiver.about(alert).getFirst();
        assertThat(opened.path()).isEqualTo("/hook");
        assertThat(opened.header("Content-Type")).isEqualTo("application/json");
        assertThat(opened.header("X-Sift-Event")).isEqualTo("opened");
        assertThat(opened.header("X-Sift-Delivery")).startsWith("sift-" + incident + "-opened-").endsWith("-ops-hook");
        assertThat(Long.parseLong(opened.header("X-Sift-Timestamp")))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(signatureValid(opened, SECRET)).isTrue();
        assertThat(signatureValid(opened, "another-secret")).isFalse();
        JsonNode body = sift.json.readTree(opened.body());
        assertThat(body.get("event").asText()).isEqualTo("opened");
        assertThat(body.get("id").asText()).isEqualTo(opened.header("X-Sift-Delivery"));
        assertThat(body.get("incident").get("id").asLong()).isEqualTo(incident);
        assertThat(body.get("incident").get("title").asText()).isEqualTo(alert + " is down");
        assertThat(body.get("incident").get("priority").asText()).isEqualTo("P1");
        assertThat(body.get("incident").get("status").asText()).isEqualTo("triggered");
        assertThat(body.get("message").asText()).startsWith("opened by " + alert + " is down (severity critical");

        MimeMessage mail = messagesAbout(alert).getFirst();
        assertThat(mail.getSubject()).isEqualTo("[Sift] #" + incident + " P1 incident opened: " + alert + " is down");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@example.org");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("sift@example.org");
        assertThat((String) mail.getContent()).contains("Incident:  #" + incident + " " + alert + " is down");

        await().atMost(BOUND).until(() -> timeline(sift, incident, "notified").size() == 2);
        assertThat(timeline(sift, incident, "notified")).containsExactlyInAnyOrder(
                "notified ops-hook: incident opened", "notified oncall-mail: incident opened");

        // A repeat tells nobody anything; the resolve is told on both channels.
        trigger(sift, key, alert, "web-1", "critical", "trigger");
        trigger(sift, key, alert, "web-1", "critical", "resolve");
        await().atMost(BOUND).until(() -> receiver.about(alert).size() == 2 && messagesAbout(alert).size() == 2);
        assertThat(receiver.about(alert)).extracting(r -> r.header("X-Sift-Event")).containsExactly("opened",
                "resolved");
        await().atMost(BOUND).until(() -> timeline(sift, incident, "notified").size() == 4);
        assertThat(metric(sift, "sift_notifications_sent_total")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void theRulesApiShowsTheChannelsButNoSecret() {
        var r = sift.get("/api/v1/rules", TestSift.ADMIN_TOKEN);
        assertThat(r.body()).doesNotContain(SECRET).doesNotContain("mail-pass").doesNotContain("/hook");
        JsonNode channels = sift.body(r).get("channels");
        assertThat(channels.get(0).get("name").asText()).isEqualTo("ops-hook");
        assertThat(channels.get(0).get("url").asText()).isEqualTo(receiver.url("/…"));
        assertThat(channels.get(0).get("signed").asBoolean()).isTrue();
        assertThat(channels.get(1).get("events").toString()).isEqualTo("[\"opened\",\"resolved\"]");
        assertThat(channels.get(1).get("authenticated").asBoolean()).isTrue();
        assertThat(sift.body(r).get("notifications").get("defaultChannels").toString())
                .isEqualTo("[\"ops-hook\",\"oncall-mail\"]");
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheNotificationOnTheThirdAttemptAfterBackoff() {
        receiver.failNext("/hook", 2);
        String alert = trigger(sift, key, TestSift.unique("flaky"), "flaky", "warning", "trigger");
        long incident = incidentOf(sift, alert);

        await().atMost(BOUND).until(() -> timeline(sift, incident, "notified").size() == 1);
        List<WebhookReceiver.Request> tries = receiver.about(alert);
        assertThat(tries).extracting(WebhookReceiver.Request::answered).containsExactly(500, 500, 200);
        assertThat(tries).extracting(r -> r.header("X-Sift-Delivery")).containsOnly(tries.getFirst()
                .header("X-Sift-Delivery")); // the same notification each time
        // waits of 300ms, then 600ms (the clocks of sender and receiver differ by little on one machine)
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThan(Duration.ofMillis(250));
        assertThat(Duration.between(tries.get(1).at(), tries.get(2).at())).isGreaterThan(Duration.ofMillis(550));
        assertThat(timeline(sift, incident, "notified")).containsExactly("notified ops-hook: incident opened"
                + " (attempt 3)");
        assertThat(metric(sift, "sift_notifications_failed_total")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReceiverThatKeepsFailingDeadLettersTheNotificationAndTheTimelineSaysWhy() {
        receiver.failNext("/broken", Integer.MAX_VALUE);
        String alert = trigger(sift, key, TestSift.unique("broken"), "broken", "error", "trigger");
        long incident = incidentOf(sift, alert);

        await().atMost(BOUND).until(() -> timeline(sift, incident, "notification-failed").size() == 1);
        assertThat(timeline(sift, incident, "notification-failed")).containsExactly("delivery to broken-hook failed"
                + " 3 times: HTTP 500: receiver is down for maintenance (incident opened; not sent)");
        assertThat(receiver.about(alert)).hasSize(3);
        await().atMost(BOUND).until(() -> metric(sift, "sift_outbox_dead") >= 1);
        JsonNode row = sift.getJson("/api/v1/notifications?state=dead&incident=" + incident).get("items").get(0);
        assertThat(row.get("channel").asText()).isEqualTo("broken-hook");
        assertThat(row.get("event").asText()).isEqualTo("opened");
        assertThat(row.get("attempts").asInt()).isEqualTo(3);
        assertThat(row.get("lastError").asText()).isEqualTo("HTTP 500: receiver is down for maintenance");
        assertThat(row.get("nextAttemptAt").isNull()).isTrue();
        var badState = sift.get("/api/v1/notifications?state=failed", TestSift.ADMIN_TOKEN);
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).contains("state must be 'pending', 'delivered' or 'dead', got 'failed'");
        assertThat(timeline(sift, incident, "notified")).isEmpty();
    }

    private static List<MimeMessage> messagesAbout(String text) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(text);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void aPendingNotificationSurvivesARestartAndIsDeliveredAfter() {
        try (WebhookReceiver down = new WebhookReceiver()) {
            Path home = TestSift.newHome();
            down.failNext("/hook", Integer.MAX_VALUE);
            String rules = rules(down, smtp.getSmtp().getPort(), 100); // it must not die before the restart
            String alert;
            long incident;
            try (TestSift first = TestSift.start(home, rules)) {
                String events = first.integration("events");
                alert = trigger(first, events, TestSift.unique("restart"), "flaky", "critical", "trigger");
                incident = incidentOf(first, alert);
                await().atMost(BOUND).until(() -> !down.about(alert).isEmpty()); // tried once, failed: pending
            }
            down.recover("/hook");
            try (TestSift second = TestSift.start(home, rules)) {
                await().atMost(BOUND).until(() -> timeline(second, incident, "notified").size() == 1);
                assertThat(down.about(alert)).extracting(WebhookReceiver.Request::answered).endsWith(200)
                        .filteredOn(s -> s == 200).hasSize(1);
                assertThat(timeline(second, incident, "notified").getFirst())
                        .startsWith("notified ops-hook: incident opened (attempt ");
            }
        }
    }
}
