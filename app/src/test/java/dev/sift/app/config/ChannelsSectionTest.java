package dev.sift.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.notification.Channel;
import dev.sift.core.notification.NotificationEvent;
import dev.sift.core.notification.Notifying;
import dev.sift.core.rules.Rules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The channels and notifications sections as people write them, and the exact message for each kind of mistake:
 * among them a route naming a channel that is not defined, and a secret referring to an unset variable.
 */
class ChannelsSectionTest {
    static final Map<String, String> ENV = Map.of("SIFT_HOOK_SECRET", "s3cret-from-env",
            "SIFT_SMTP_PASSWORD", "mail-pass");

    static Rules parse(String yaml) {
        return RulesFile.parse("sift.yaml", yaml, ENV);
    }

    static List<String> problems(String yaml) {
        return RulesFileTest.problems(yaml, ENV);
    }

    static String problem(String yaml) {
        List<String> all = problems(yaml);
        assertThat(all).as("exactly one problem").hasSize(1);
        return all.getFirst();
    }

    static final String HOOK = "channels:\n  - name: ops\n    type: webhook\n";

    @Test
    void webhookAndMailChannelsWithSecretsFromTheEnvironmentAndTheNotificationSettings() {
        Rules rules = parse("""
                channels:
                  - name: ops-webhook
                    type: webhook
                    url: https://hooks.example.org/sift
                    secret: ${SIFT_HOOK_SECRET}
                  - name: dba-mail
                    type: email
                    host: smtp.example.org
                    port: 587
                    starttls: true
                    username: sift
                    password: ${SIFT_SMTP_PASSWORD}
                    from: sift@example.org
                    to: [dba@example.org, oncall@example.org]
                    events: [opened, resolved]
                notifications:
                  defaultChannels: [ops-webhook]
                  attempts: 5
                  backoff: 10s
                  maxBackoff: 10m
                routes:
                  - matchers: ['team="db"']
                    channels: [dba-mail]
                """);
        Notifying n = rules.notifying();
        var hook = (Channel.Webhook) n.channels().get("ops-webhook");
        assertThat(hook.url()).isEqualTo("https://hooks.example.org/sift");
        assertThat(hook.secret().value()).isEqualTo("s3cret-from-env");
        assertThat(hook.events()).isEqualTo(Notifying.ALL_EVENTS);
        var mail = (Channel.Email) n.channels().get("dba-mail");
        assertThat(mail.port()).isEqualTo(587);
        assertThat(mail.starttls()).isTrue();
        assertThat(mail.username()).isEqualTo("sift");
        assertThat(mail.password().value()).isEqualTo("mail-pass");
        assertThat(mail.to()).containsExactly("dba@example.org", "oncall@example.org");
        assertThat(mail.events()).containsExactlyInAnyOrder(NotificationEvent.OPENED, NotificationEvent.RESOLVED);
        assertThat(n.defaultChannels()).containsExactly("ops-webhook");
        assertThat(n.attempts()).isEqualTo(5);
        assertThat(n.backoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(n.maxBackoff()).isEqualTo(Duration.ofMinutes(10));
        // secrets never show in what may be logged or listed
        assertThat(rules.toString()).doesNotContain("s3cret-from-env").doesNotContain("mail-pass")
                .contains("${SIFT_HOOK_SECRET}");
    }

    @Test
    void aWebhookUrlShowsOnlyItsHostWhereItMayBeLoggedOrListed() {
        Rules rules = parse(HOOK + "    url: https://sift:pw@hooks.example.org/services/T0/B0/tokEn123?x=1\n");
        var hook = (Channel.Webhook) rules.notifying().channels().get("ops");
        assertThat(hook.url()).isEqualTo("https://sift:pw@hooks.example.org/services/T0/B0/tokEn123?x=1");
        assertThat(hook.redactedUrl()).isEqualTo("https://hooks.example.org/…");
        assertThat(rules.toString()).doesNotContain("tokEn123").doesNotContain("pw@");
    }

    @Test
    void aMailChannelNeedsLittle() {
        var mail = (Channel.Email) parse("channels:\n  - {name: m, type: email, host: relay, from: s@x.org,"
                + " to: a@x.org}\n").notifying().channels().get("m");
        assertThat(mail.port()).isEqualTo(25);
        assertThat(mail.starttls()).isFalse();
        assertThat(mail.username()).isNull();
        assertThat(mail.to()).containsExactly("a@x.org");
    }

    @Test
    void aRouteNamingAnUndefinedChannel() {
        assertThat(problem(HOOK + "    url: https://x.example.org/\nroutes:\n  - matchers: ['a=b']\n"
                + "    channels: [opz]\n"))
                .isEqualTo("sift.yaml:7: routes[0].channels[0]: unknown channel 'opz' (hint: did you mean 'ops'?)");
    }

    @Test
    void aChildRouteNamingAChannelWhenNoneIsDefined() {
        assertThat(problem("routes:\n  - matchers: ['a=b']\n    routes:\n      - matchers: ['c=d']\n"
                + "        channels: [pager]\n"))
                .isEqualTo("sift.yaml:5: routes[0].routes[0].channels[0]: unknown channel 'pager' (hint: define it"
                        + " in the channels: section (type webhook or email))");
    }

    @Test
    void aSecretFromAnUnsetVariable() {
        assertThat(problem(HOOK + "    url: https://x.example.org/\n    secret: ${SIFT_NOT_SET}\n"))
                .isEqualTo("sift.yaml:5: channels[0].secret: the environment variable SIFT_NOT_SET is not set (hint:"
                        + " export SIFT_NOT_SET for Sift (and for check-config), or write the value itself)");
    }

    @Test
    void aSecretWithTheEnvironmentInsideOtherText() {
        assertThat(problem(HOOK + "    url: https://x.example.org/\n    secret: pre-${SIFT_HOOK_SECRET}\n"))
                .isEqualTo("sift.yaml:5: channels[0].secret: refers to the environment in a form Sift does not read"
                        + " (hint: write the whole value as ${NAME}, NAME of letters, digits and _)");
    }

    @Test
    void anUnknownType() {
        assertThat(problem("channels:\n  - name: chat\n    type: slack\n"))
                .isEqualTo("sift.yaml:3: channels[0].type: unknown channel type 'slack' (hint: one of: email,"
                        + " webhook)");
    }

    @Test
    void aMissingType() {
        assertThat(problem("channels:\n  - name: chat\n    url: https://x.example.org/\n"))
                .isEqualTo("sift.yaml:2: channels[0].type: missing (hint: type: webhook or type: email)");
    }

    @Test
    void aWebhookWithoutUrl() {
        assertThat(problem(HOOK)).isEqualTo("sift.yaml:2: channels[0].url: missing: where to POST the notifications"
                + " (hint: e.g. url: https://hooks.example.org/sift)");
    }

    @Test
    void aUrlThatIsNotHttp() {
        assertThat(problem(HOOK + "    url: ftp://x.example.org/\n"))
                .isEqualTo("sift.yaml:4: channels[0].url: must be an http:// or https:// URL with a host, got"
                        + " 'ftp://x.example.org/'");
    }

    @Test
    void anUnknownEvent() {
        assertThat(problem(HOOK + "    url: https://x.example.org/\n    events: [opened, acked]\n"))
                .isEqualTo("sift.yaml:5: channels[0].events[1]: unknown event 'acked' (hint: one of: opened,"
                        + " priority-raised, reopened, resolved, sla-breached)");
    }

    @Test
    void aFieldOfTheOtherType() {
        assertThat(problem(HOOK + "    url: https://x.example.org/\n    to: [a@x.org]\n"))
                .isEqualTo("sift.yaml:5: channels[0].to: unknown field (hint: 'to' is a field of email channels;"
                        + " this one is type: webhook)");
        assertThat(problem(HOOK + "    url: https://x.example.org/\n    secrett: x\n"))
                .isEqualTo("sift.yaml:5: channels[0].secrett: unknown field (hint: did you mean 'secret'?)");
    }

    @Test
    void aUsernameWithoutPassword() {
        assertThat(problem("channels:\n  - {name: m, type: email, host: relay, from: s@x.org, to: a@x.org,"
                + " username: sift}\n"))
                .isEqualTo("sift.yaml:2: channels[0].password: missing: SMTP authentication needs both username and"
                        + " password");
    }

    @Test
    void aPortOutOfRange() {
        assertThat(problem("channels:\n  - {name: m, type: email, host: relay, port: 70000, from: s@x.org,"
                + " to: a@x.org}\n"))
                .isEqualTo("sift.yaml:2: channels[0].port: must be a port number from 1 to 65535, got 70000 (hint:"
                        + " 25 (plain SMTP), 587 (submission, with starttls: true))");
    }

    @Test
    void aRecipientThatIsNoAddress() {
        assertThat(problem("channels:\n  - {name: m, type: email, host: relay, from: s@x.org, to: [oncall]}\n"))
                .isEqualTo("sift.yaml:2: channels[0].to[0]: 'oncall' is not a mail address (hint: e.g."
                        + " sift@example.org)");
    }

    @Test
    void twoChannelsOfOneName() {
        assertThat(problem(HOOK + "    url: https://x.example.org/\n  - {name: ops, type: webhook,"
                + " url: 'https://y.example.org/'}\n"))
                .isEqualTo("sift.yaml:5: channels[1].name: duplicate name 'ops' (first used on line 2) (hint: channel"
                        + " names must be unique)");
    }

    @Test
    void anUndefinedDefaultChannel() {
        assertThat(problem(HOOK + "    url: https://x.example.org/\nnotifications:\n  defaultChannels: [ops, pager]\n"))
                .isEqualTo("sift.yaml:6: notifications.defaultChannels[1]: unknown channel 'pager' (hint: defined"
                        + " channels: ops)");
    }

    @Test
    void attemptsOutOfRange() {
        assertThat(problem("notifications:\n  attempts: 0\n"))
                .isEqualTo("sift.yaml:2: notifications.attempts: must be a whole number from 1 to 100, got 0 (hint:"
                        + " after this many failed attempts a notification is dead)");
    }

    @Test
    void aLongestWaitShorterThanTheFirst() {
        assertThat(problem("notifications:\n  backoff: 5m\n  maxBackoff: 1m\n"))
                .isEqualTo("sift.yaml:3: notifications.maxBackoff: is shorter than backoff ('5m') (hint: the wait"
                        + " doubles from backoff up to maxBackoff)");
    }
}
