package dev.sift.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.incident.Priority;
import dev.sift.core.matching.AlertFields;
import dev.sift.core.rules.Rules;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example that the README and docs/configuration.md point to stays valid and means what its comments say. */
class ExampleRulesTest {
    static final Path EXAMPLE = Path.of("..", "examples", "sift.yaml"); // tests run in the module's directory

    @Test
    void isValidAndShowsTheDefaultsAboveItsRoutes() {
        Rules rules = RulesFile.load(EXAMPLE);
        AutomationPolicy defaults = AutomationPolicy.defaults();
        AutomationPolicy a = rules.automation();
        assertThat(a.autoResolve()).isEqualTo(defaults.autoResolve());
        assertThat(a.reopenWindow()).isEqualTo(defaults.reopenWindow());
        assertThat(a.closeAfter()).isEqualTo(defaults.closeAfter());
        assertThat(a.resendingExpiry()).isEqualTo(defaults.resendingExpiry());
        assertThat(a.eventExpiry()).isEqualTo(defaults.eventExpiry());
        assertThat(a.queueLabels()).isEqualTo(defaults.queueLabels());
        assertThat(a.priorities().priorityOf("critical")).isEqualTo(Priority.P1);
        assertThat(rules.routes().routes()).hasSize(4);
    }

    @Test
    void routesAsItsCommentsSay() {
        var routing = RulesFile.load(EXAMPLE).routing();
        var lag = routing.decide(new AlertFields(Map.of("alertname", "ReplicaLag", "env", "production",
                "team", "db", "severity", "warning"), "alertmanager", "prometheus"), "warning");
        assertThat(lag.queue()).isEqualTo("dba");
        assertThat(lag.priority()).isEqualTo(Priority.P2);
        assertThat(lag.routing().routeName()).isEqualTo("database-replication");

        var critical = routing.decide(new AlertFields(Map.of("team", "db", "severity", "critical"), "alertmanager",
                "prometheus"), "critical");
        assertThat(critical.routing().channels()).containsExactly("pager", "dba-mail");
        assertThat(critical.queue()).isEqualTo("dba");

        var script = routing.decide(new AlertFields(Map.of("severity", "warning"), "events", "cron"), "warning");
        assertThat(script.priority()).isEqualTo(Priority.P5);
    }

    @Test
    void silencesAndMaintenanceAsItsCommentsSay() {
        var silencing = RulesFile.load(EXAMPLE).silencing();
        var backup = new AlertFields(Map.of("job", "backup"), "alertmanager", "prometheus");
        var window = silencing.maintenance().getFirst();
        // Tuesday 2026-12-01 23:30 Berlin (CET) is 22:30Z: inside; the window ends Wednesday 02:00 CET = 01:00Z.
        assertThat(window.mutesUntil(backup, java.time.Instant.parse("2026-12-01T22:30:00Z")))
                .contains(java.time.Instant.parse("2026-12-02T01:00:00Z"));
        // Saturday night is not listed.
        assertThat(window.mutesUntil(backup, java.time.Instant.parse("2026-12-05T22:30:00Z"))).isEmpty();
        var dc2 = silencing.silences().getFirst();
        assertThat(dc2.mutes(new AlertFields(Map.of("datacenter", "dc2"), "alertmanager", "x"),
                java.time.Instant.parse("2026-12-05T23:00:00Z"))).isTrue();
    }

    @Test
    void channelsAsItsCommentsSay() {
        var n = RulesFile.load(EXAMPLE).notifying();
        assertThat(n.channels().keySet()).containsExactly("pager", "dba-mail");
        var pager = (dev.sift.core.notification.Channel.Webhook) n.channels().get("pager");
        assertThat(pager.events()).isEqualTo(dev.sift.core.notification.Notifying.ALL_EVENTS);
        var mail = (dev.sift.core.notification.Channel.Email) n.channels().get("dba-mail");
        assertThat(mail.takes(dev.sift.core.notification.NotificationEvent.PRIORITY_RAISED)).isFalse();
        assertThat(n.defaultChannels()).isEmpty();
        assertThat(n.attempts()).isEqualTo(dev.sift.core.notification.Notifying.DEFAULT_ATTEMPTS);
        assertThat(n.backoff()).isEqualTo(dev.sift.core.notification.Notifying.DEFAULT_BACKOFF);
        assertThat(n.maxBackoff()).isEqualTo(dev.sift.core.notification.Notifying.DEFAULT_MAX_BACKOFF);
    }

    @Test
    void inhibitionAsItsCommentsSay() {
        var rule = RulesFile.load(EXAMPLE).inhibition().rules().getFirst();
        var zoneDown = new AlertFields(Map.of("alertname", "ZoneDown", "zone", "AB"), "alertmanager", "x");
        var warning = new AlertFields(Map.of("alertname", "ReplicaLag", "zone", "AB", "severity", "warning"),
                "alertmanager", "x");
        var elsewhere = new AlertFields(Map.of("alertname", "ReplicaLag", "zone", "XQ", "severity", "warning"),
                "alertmanager", "x");
        assertThat(rule.isSource(zoneDown)).isTrue();
        assertThat(rule.isTarget(warning)).isTrue();
        assertThat(rule.equalIn(warning, zoneDown)).isTrue();
        assertThat(rule.equalIn(elsewhere, zoneDown)).isFalse();
    }

    @Test
    void transientsAndFlappingAsTheirCommentsSay() {
        Rules rules = RulesFile.load(EXAMPLE);
        var rule = rules.transients().ruleFor(new AlertFields(
                Map.of("alertname", "EndpointRegistrationTransientFailure", "zone", "XQ"), "alertmanager", "x"));
        assertThat(rule.name()).isEqualTo("registration-blips");
        assertThat(rule.holdFor()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(rule.minOccurrences()).isEqualTo(3);
        assertThat(rules.transients().ruleFor(new AlertFields(Map.of("alertname", "DiskFull"), "alertmanager", "x")))
                .isNull();
        assertThat(rules.flapping()).as("the defaults").isEqualTo(dev.sift.core.flapping.FlapPolicy.DEFAULT);
    }

    @Test
    void slaPoliciesAsTheirCommentsSay() {
        var sla = RulesFile.load(EXAMPLE).sla();
        assertThat(sla.policyFor("web", Priority.P1).orElseThrow().name()).isEqualTo("P1-default");
        var dba = sla.policyFor("dba", Priority.P3).orElseThrow();
        assertThat(dba.name()).isEqualTo("dba-office");
        assertThat(dba.raiseTo()).isEqualTo(Priority.P1);
        assertThat(sla.policyFor("web", Priority.P3)).isEmpty();
        // Friday 22:00 in Berlin: 2h of office time are due on Monday at 11:00
        var friday = java.time.ZonedDateTime.parse("2026-11-27T22:00:00+01:00[Europe/Berlin]").toInstant();
        assertThat(dev.sift.core.sla.DueTimes.dueAt(friday, dba.acknowledgeWithin(), dba.calendar(),
                java.util.List.of())).isEqualTo(java.time.Instant.parse("2026-11-30T10:00:00Z"));
    }
}
