package dev.sift.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sift.app.replay.Replay;
import dev.sift.app.replay.RuleEffects;
import dev.sift.core.incident.Incident;
import dev.sift.core.incident.Priority;
import dev.sift.core.rules.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The field team's policy (examples/upcommerce/sift.yaml) replayed over their 31 recorded notifications, as the
 * README's before/after shows: a short list, prioritised, in the teams' queues. If the engine or the example
 * changes what that list is, this fails, and the README must be updated with it.
 */
class UpcommerceExampleTest {
    static final Path EXAMPLE = Path.of("..", "examples", "upcommerce", "sift.yaml"); // tests run in app/

    static Replay.Result result;

    /** The fixture is a copy of ../shared/data/upcommerce/events.jsonl, the stream the README replays. */
    @BeforeAll
    static void replay() throws IOException {
        Rules rules = RulesFile.load(EXAMPLE);
        try (InputStream in = UpcommerceExampleTest.class.getResourceAsStream("/fixtures/upcommerce-events.jsonl")) {
            result = Replay.run(in, rules, Duration.ofHours(1)); // the README's --run-on 1h
        }
    }

    record Line(Priority priority, String queue, String title) {}

    @Test
    void theFixtureIsTheStreamTheReadmeReplays() throws IOException {
        Path shared = Path.of("..", "..", "shared", "data", "upcommerce", "events.jsonl");
        assumeTrue(Files.exists(shared), "shared/ is not beside the repository");
        try (InputStream in = UpcommerceExampleTest.class.getResourceAsStream("/fixtures/upcommerce-events.jsonl")) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(shared));
        }
    }

    @Test
    void theThirtyOneTicketLinesBecomeSixIncidentsThreeOfThemP1() {
        assertThat(result.events()).isEqualTo(31);
        List<Line> lines = result.incidents().stream().sorted(Comparator.comparingLong(Incident::id))
                .map(i -> new Line(i.priority(), i.queue(), i.title())).toList();

        assertThat(lines).containsExactly(
                new Line(Priority.P4, "serving", "Zone XQ: Endpoint registration failed transiently and was retried"),
                new Line(Priority.P3, "ml-platform", "Zone AB: LLM batch processing jobs are failing"),
                new Line(Priority.P1, "serving", "Zone AB: Endpoint registration failed after all retries"),
                new Line(Priority.P1, "serving",
                        "Zone AB: Fewer healthy endpoints registered than the serving minimum"),
                new Line(Priority.P3, "ml-platform", "Zone AB: Served LLM model is older than its freshness target"),
                new Line(Priority.P1, "ml-platform",
                        "Zone AB: Served LLM model is far older than its freshness target"));
    }

    @Test
    void theTransientFailuresWereHeldForHalfAnHourAndTheOnesInZoneAbJoinedTheRegistrationFailure() {
        RuleEffects effects = result.effects();

        // Three transient failures (XQ, OH-1, AB) were held. None recovered in this stream (every notification is a
        // firing one), so none was auto-cleared: all three were still reported after 30 minutes and let through.
        assertThat(effects.transients()).containsExactly(
                new RuleEffects.TransientEffect("registration-blips", 3, 0, 3, 0, 0));
        // XQ and OH-1 opened one incident (grouped: the same alert beginning in two zones), only after the hold.
        Incident chronic = result.incidents().stream().filter(i -> i.priority() == Priority.P4).findFirst()
                .orElseThrow();
        assertThat(chronic.createdAt()).isAfterOrEqualTo(Instant.parse("2026-03-02T08:30:00Z"));
        assertThat(result.alerts().get(chronic.id())).extracting(a -> a.labels().get("zone"))
                .containsExactlyInAnyOrder("XQ", "OH-1");
        // AB's, let through after its hold while the registration failure of AB fired, was attached to that incident.
        Incident registration = result.incidents().stream()
                .filter(i -> i.title().startsWith("Zone AB: Endpoint registration failed after")).findFirst()
                .orElseThrow();
        assertThat(effects.inhibit()).containsExactly(new RuleEffects.InhibitEffect(
                "registration-failure-explains-blips", 1, 0, List.of(registration.id())));
    }

    @Test
    void everyP1RanOutOfItsAcknowledgeClockBecauseNobodyAcknowledgesInAReplay() {
        assertThat(result.effects().sla()).containsExactly(new RuleEffects.SlaEffect("P1-round-the-clock", 3, 3, 0));
        assertThat(result.effects().flapping().alerts()).isEmpty();
    }

    @Test
    void eachTeamsRouteDecidedItsIncidents() {
        assertThat(result.effects().routes()).extracting(RuleEffects.RouteEffect::route,
                        RuleEffects.RouteEffect::incidents)
                .containsExactly(tuple("serving", 2), tuple("serving-retried-failures", 1), tuple("ml-platform", 3));
    }
}
