package dev.sift.app.icinga2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.app.icinga2.Icinga2Events.Acknowledged;
import dev.sift.app.icinga2.Icinga2Events.DowntimeBegan;
import dev.sift.app.icinga2.Icinga2Events.DowntimeEnded;
import dev.sift.app.icinga2.Icinga2Events.Ignored;
import dev.sift.app.icinga2.Icinga2Events.Problem;
import dev.sift.app.icinga2.Icinga2Events.Reaction;
import dev.sift.app.icinga2.Icinga2Events.Recovery;
import dev.sift.core.alert.Source;
import dev.sift.core.integration.Integration;
import dev.sift.core.integration.IntegrationKind;
import dev.sift.core.matching.AlertFields;
import dev.sift.core.matching.Matcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping of real Icinga2 2.13 event-stream lines (fixtures/icinga2-events.jsonl) and hand-made ones. */
class Icinga2EventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Integration ICINGA = new Integration(7, "icinga-xq", IntegrationKind.ICINGA2,
            Instant.EPOCH, "admin");

    @Test
    void theRecordedStreamOpensAcknowledgesAndRecoversTheServiceThenTheHost() throws IOException {
        List<Reaction> reactions = new ArrayList<>();
        for (JsonNode event : fixture()) {
            Reaction r = Icinga2Events.of(event);
            if (!(r instanceof Ignored)) {
                reactions.add(r);
            }
        }

        assertThat(reactions).hasSize(6);
        Problem service = (Problem) reactions.get(0);
        assertThat(service.object()).isEqualTo("web-xq-01!endpoint-registration");
        assertThat(service.state()).isEqualTo("CRITICAL");
        assertThat(service.output()).isEqualTo("CRITICAL - EndpointRegistrationTransientFailure in zone XQ");
        assertThat(reactions.get(1)).isEqualTo(new Acknowledged("web-xq-01!endpoint-registration", "rt-bridge",
                "RT ticket #1 created"));
        assertThat(reactions.get(2)).isInstanceOf(Recovery.class)
                .extracting(r -> ((Recovery) r).object()).isEqualTo("web-xq-01!endpoint-registration");
        Problem host = (Problem) reactions.get(3);
        assertThat(host.object()).isEqualTo("db-xq-02");
        assertThat(host.service()).isEmpty();
        assertThat(host.state()).isEqualTo("DOWN"); // top-level state 1, though check_result.state is 2
        assertThat(reactions.get(4)).isEqualTo(new Acknowledged("db-xq-02", "rt-bridge", "RT ticket #2"));
        assertThat(reactions.get(5)).isInstanceOf(Recovery.class)
                .extracting(r -> ((Recovery) r).object()).isEqualTo("db-xq-02");
    }

    @Test
    void aServiceProblemFiresWithItsObjectAsIdentityAndSharesTheHostLabelWithTheHostProblem() throws IOException {
        List<Problem> problems = fixture().stream().map(Icinga2Events::of).filter(r -> r instanceof Problem)
                .map(r -> (Problem) r).toList();

        var service = Icinga2Events.firing(problems.get(0), ICINGA);
        var host = Icinga2Events.firing(problems.get(1), ICINGA);

        assertThat(service.source()).isEqualTo(Source.ICINGA2);
        assertThat(service.integrationName()).isEqualTo("icinga-xq");
        assertThat(service.description().labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alertname", "endpoint-registration", "host", "web-xq-01", "service", "endpoint-registration",
                "state", "CRITICAL"));
        assertThat(service.description().severity()).isEqualTo("critical");
        assertThat(service.description().dedupKey()).isEqualTo("web-xq-01!endpoint-registration");
        assertThat(service.description().title()).isEqualTo("web-xq-01!endpoint-registration is CRITICAL:"
                + " CRITICAL - EndpointRegistrationTransientFailure in zone XQ");
        assertThat(host.description().labels()).containsEntry("alertname", Icinga2Events.HOST_DOWN)
                .containsEntry("host", "db-xq-02").doesNotContainKey("service");
        assertThat(host.description().severity()).isEqualTo("critical");
        // the recovery resolves exactly the alert the problem fired
        assertThat(Icinga2Events.resolved("web-xq-01!endpoint-registration", null, ICINGA).fingerprint())
                .isEqualTo(service.fingerprint());
        // the same object name in another Icinga2 is another alert
        assertThat(Icinga2Events.fingerprint(8, "web-xq-01!endpoint-registration"))
                .isNotEqualTo(service.fingerprint());
    }

    @Test
    void softProblemsAreIgnoredButAnOkAfterThemStillRecovers() throws IOException {
        assertThat(Icinga2Events.of(JSON.readTree("{\"type\":\"StateChange\",\"host\":\"h\",\"service\":\"s\","
                + "\"state\":1,\"state_type\":0,\"timestamp\":1795332361.2}"))).isInstanceOf(Ignored.class);
        assertThat(Icinga2Events.of(JSON.readTree("{\"type\":\"StateChange\",\"host\":\"h\",\"service\":\"s\","
                + "\"state\":0.0,\"state_type\":0,\"timestamp\":1795332361.2}")))
                .isEqualTo(new Recovery("h!s", Instant.parse("2026-11-22T07:26:01.200Z")));
        assertThat(Icinga2Events.of(JSON.readTree("{\"type\":\"StateChange\",\"host\":\"h\",\"service\":\"s\","
                + "\"state\":3.0,\"state_type\":1.0,\"timestamp\":1795332361}")))
                .extracting(r -> ((Problem) r).state()).isEqualTo("UNKNOWN");
    }

    @Test
    void aDowntimeSilencesThatObjectOfThatIntegrationUntilItsEnd() throws IOException {
        Reaction started = Icinga2Events.of(JSON.readTree("{\"type\":\"DowntimeStarted\",\"timestamp\":1795332400,"
                + "\"downtime\":{\"__name\":\"web-xq-01!http!a1b2\",\"name\":\"a1b2\",\"host_name\":\"web-xq-01\","
                + "\"service_name\":\"http\",\"author\":\"alice\",\"comment\":\"kernel update\",\"fixed\":true,"
                + "\"start_time\":1795332400,\"end_time\":1795336000,\"duration\":0}}"));

        DowntimeBegan d = (DowntimeBegan) started;
        assertThat(d.name()).isEqualTo("web-xq-01!http!a1b2");
        assertThat(d.endsAt()).isEqualTo(Instant.ofEpochSecond(1795336000L));
        List<Matcher> matchers = Icinga2Events.silenceMatchers(d, ICINGA);
        assertThat(matchers).map(Matcher::toString).containsExactly("@integration=\"icinga-xq\"",
                "host=\"web-xq-01\"", "service=\"http\"");
        assertThat(Icinga2Events.silenceComment(d)).isEqualTo("Icinga2 downtime web-xq-01!http!a1b2 by alice:"
                + " kernel update");
        var http = new AlertFields(Map.of("host", "web-xq-01", "service", "http"), "icinga2", "icinga-xq");
        var otherService = new AlertFields(Map.of("host", "web-xq-01",
                "service", "disk"), "icinga2", "icinga-xq");
        assertThat(Matcher.all(matchers, http)).isTrue();
        assertThat(Matcher.all(matchers, otherService)).isFalse();

        Reaction flexible = Icinga2Events.of(JSON.readTree("{\"type\":\"DowntimeTriggered\",\"timestamp\":1795332500,"
                + "\"downtime\":{\"__name\":\"db-xq-02!c3\",\"host_name\":\"db-xq-02\",\"service_name\":\"\","
                + "\"author\":\"bob\",\"comment\":\"\",\"fixed\":false,\"trigger_time\":1795332500,"
                + "\"start_time\":1795332000,\"end_time\":1795333000,\"duration\":7200}}"));
        assertThat(((DowntimeBegan) flexible).endsAt()).isEqualTo(Instant.ofEpochSecond(1795332500L + 7200));
        var host = new AlertFields(Map.of("host", "db-xq-02"), "icinga2", "icinga-xq");
        var hostsService = new AlertFields(Map.of("host", "db-xq-02",
                "service", "disk"), "icinga2", "icinga-xq");
        List<Matcher> hostMatchers = Icinga2Events.silenceMatchers((DowntimeBegan) flexible, ICINGA);
        assertThat(Matcher.all(hostMatchers, host)).isTrue();
        assertThat(Matcher.all(hostMatchers, hostsService)).isFalse();

        assertThat(Icinga2Events.of(JSON.readTree("{\"type\":\"DowntimeRemoved\",\"timestamp\":1795332600,"
                + "\"downtime\":{\"__name\":\"web-xq-01!http!a1b2\"}}")))
                .isEqualTo(new DowntimeEnded("web-xq-01!http!a1b2"));
    }

    @Test
    void reconcilingReadsHardProblemsFromObjectQueries() throws IOException {
        JsonNode critical = JSON.readTree("{\"name\":\"web-xq-01!http\",\"type\":\"Service\",\"attrs\":{"
                + "\"name\":\"http\",\"host_name\":\"web-xq-01\",\"state\":2.0,\"state_type\":1.0,"
                + "\"last_hard_state_change\":1795332361.5,\"last_check_result\":{\"output\":\"HTTP 503\"}}}");
        JsonNode soft = JSON.readTree("{\"name\":\"web-xq-01!disk\",\"type\":\"Service\",\"attrs\":{"
                + "\"name\":\"disk\",\"host_name\":\"web-xq-01\",\"state\":1.0,\"state_type\":0.0}}");
        JsonNode down = JSON.readTree("{\"name\":\"db-xq-02\",\"type\":\"Host\",\"attrs\":{\"name\":\"db-xq-02\","
                + "\"state\":1.0,\"state_type\":1.0,\"last_check_result\":null}}");
        JsonNode up = JSON.readTree("{\"name\":\"web-xq-01\",\"type\":\"Host\",\"attrs\":{\"state\":0.0,"
                + "\"state_type\":1.0}}");

        assertThat(Icinga2Events.ofObject(critical)).contains(new Problem("web-xq-01!http", "web-xq-01", "http",
                "CRITICAL", "HTTP 503", Instant.parse("2026-11-22T07:26:01.500Z")));
        assertThat(Icinga2Events.ofObject(soft)).isEmpty();
        assertThat(Icinga2Events.ofObject(down)).get().extracting(Problem::state, Problem::service)
                .containsExactly("DOWN", "");
        assertThat(Icinga2Events.ofObject(up)).isEmpty();
    }

    @Test
    void reconcilingFindsDowntimesInEffectAndWhoAcknowledged() throws IOException {
        Instant now = Instant.ofEpochSecond(1795460200L);
        JsonNode fixed = JSON.readTree("{\"name\":\"a!bf19\",\"type\":\"Downtime\",\"attrs\":{\"name\":\"bf19\","
                + "\"host_name\":\"a\",\"service_name\":\"\",\"author\":\"x\",\"comment\":\"c\",\"fixed\":true,"
                + "\"start_time\":1795460144,\"end_time\":1795463744,\"trigger_time\":1795460144.57,"
                + "\"duration\":0,\"was_cancelled\":false}}");
        JsonNode later = JSON.readTree("{\"name\":\"a!cc\",\"attrs\":{\"host_name\":\"a\",\"fixed\":true,"
                + "\"start_time\":1795470000,\"end_time\":1795473600}}");
        JsonNode flexibleNotTriggered = JSON.readTree("{\"name\":\"a!dd\",\"attrs\":{\"host_name\":\"a\","
                + "\"fixed\":false,\"start_time\":1795460000,\"end_time\":1795463600,\"trigger_time\":0,"
                + "\"duration\":600}}");

        assertThat(Icinga2Events.ofDowntimeObject(fixed, now)).contains(new DowntimeBegan("a!bf19", "a", "",
                Instant.ofEpochSecond(1795463744L), "x", "c"));
        assertThat(Icinga2Events.ofDowntimeObject(later, now)).isEmpty();
        assertThat(Icinga2Events.ofDowntimeObject(flexibleNotTriggered, now)).isEmpty();

        JsonNode ackComment = JSON.readTree("{\"attrs\":{\"author\":\"carol\",\"entry_type\":4.0,"
                + "\"host_name\":\"db-xq-02\",\"service_name\":\"load\"}}");
        JsonNode userComment = JSON.readTree("{\"attrs\":{\"author\":\"dave\",\"entry_type\":1,"
                + "\"host_name\":\"db-xq-02\",\"service_name\":\"\"}}");
        assertThat(Icinga2Events.acknowledgementAuthors(List.of(ackComment, userComment)))
                .containsExactly(Map.entry("db-xq-02!load", "carol"));
    }

    private static List<JsonNode> fixture() throws IOException {
        try (InputStream in = Icinga2EventsTest.class.getResourceAsStream("/fixtures/icinga2-events.jsonl")) {
            List<JsonNode> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        }
    }
}
