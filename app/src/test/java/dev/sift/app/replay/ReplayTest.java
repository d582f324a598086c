package dev.sift.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.core.automation.AutomationPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole recorded stream through {@link Replay}: the output lines, the reading of the file, and bad lines. */
class ReplayTest {
    private static final String FIRING = "{\"id\":\"%s\",\"receivedAt\":\"2026-03-02T08:00:0%dZ\",\"labels\":{\"a\":\"%s\"}}";

    @Test
    void theUpcommerceStreamReplaysToTheRecordedAssignments() throws IOException {
        byte[] events = resource("/fixtures/upcommerce-events.jsonl");

        String out = replayToText(new String(events, StandardCharsets.UTF_8));

        assertThat(out).isEqualTo(new String(resource("/fixtures/upcommerce-assignments.jsonl"), StandardCharsets.UTF_8));
    }

    @Test
    void aGzippedFileReplaysLikeThePlainOne(@TempDir Path dir) throws IOException {
        byte[] events = resource("/fixtures/upcommerce-events.jsonl");
        Path plain = Files.write(dir.resolve("events.jsonl"), events);
        Path gzipped = dir.resolve("events.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(events);
        }

        assertThat(write(Replay.run(gzipped, AutomationPolicy.defaults())))
                .isEqualTo(write(Replay.run(plain, AutomationPolicy.defaults())))
                .hasLineCount(31);
    }

    @Test
    void idsAreWrittenAsJsonStringsWithEscapes() throws IOException {
        String out = replayToText(FIRING.formatted("q\\\"uote\\\\ tab\\t é \\u0001", 0, "x") + "\n");

        assertThat(out).isEqualTo("{\"id\":\"q\\\"uote\\\\ tab\\t é \\u0001\",\"incident\":\"1\"}\n");
    }

    @Test
    void anEpisodeThatOpenedNoIncidentGetsAnIdOfItsOwn() throws IOException {
        String resolveFirst = "{\"id\":\"r\",\"status\":\"resolved\",\"receivedAt\":\"2026-03-02T08:00:00Z\","
                + "\"labels\":{\"a\":\"b\"}}\n";

        assertThat(replayToText(resolveFirst)).matches("\\{\"id\":\"r\",\"incident\":\"unopened-[0-9a-f]{16}\"}\n");
    }

    @Test
    void blankLinesAreSkippedButCountedAndTextAfterTheObjectIsIgnored() throws IOException {
        String stream = FIRING.formatted("a", 0, "x") + "\n\n   \n" + "{\"labels\":{\"a\":\"y\"}} trailing [\n";

        assertThat(replayToText(stream)).isEqualTo("""
                {"id":"a","incident":"1"}
                {"id":"line-4","incident":"2"}
                """);
    }

    @Test
    void aLineThatIsNotJsonIsRefusedNamingTheLine() {
        String stream = FIRING.formatted("a", 0, "x") + "\n{\"id\":\"b\",\"labels\":{\"a\":\"x\"},\"id\": }\n";

        assertThatThrownBy(() -> replayToText(stream)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 2: not valid JSON: Unexpected character ('}' (code 125))");
    }

    @Test
    void invalidJsonIsReportedBeforeAWrongField() {
        assertThatThrownBy(() -> replayToText("{\"labels\":5,\"id\":\"a\",}\n"))
                .hasMessageStartingWith("line 1: not valid JSON: ");
    }

    @Test
    void aLineThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> replayToText("[1,2]\n")).hasMessage("line 1: not a JSON object");
        assertThatThrownBy(() -> replayToText("null\n")).hasMessage("line 1: not a JSON object");
        assertThatThrownBy(() -> replayToText("\"text\"\n")).hasMessage("line 1: not a JSON object");
    }

    @Test
    void wrongFieldsAreRefusedNamingLineAndFieldInTheOrderTheyAreChecked() {
        String time = ",\"receivedAt\":\"2026-03-02T08:00:00Z\"";
        assertThatThrownBy(() -> replayToText("{\"labels\":\"x\"" + time + "}\n"))
                .hasMessage("line 1: labels must be an object");
        assertThatThrownBy(() -> replayToText("{\"labels\":{}" + time + "}\n"))
                .hasMessage("line 1: labels are missing or empty");
        assertThatThrownBy(() -> replayToText("{\"annotations\":[]" + time + "}\n"))
                .hasMessage("line 1: labels are missing or empty");
        assertThatThrownBy(() -> replayToText("{\"labels\":{\"a\":\"b\"},\"annotations\":[]" + time + "}\n"))
                .hasMessage("line 1: annotations must be an object");
        assertThatThrownBy(() -> replayToText("{\"endsAt\":\"x\",\"startsAt\":\"y\",\"labels\":{\"a\":\"b\"}}\n"))
                .hasMessage("line 1: startsAt is not an RFC 3339 time: 'y'");
        assertThatThrownBy(() -> replayToText("{\"labels\":{\"a\":\"b\"}}\n"))
                .hasMessage("line 1: no receivedAt and nothing to take the time from");
    }

    @Test
    void transientRulesHoldAndAutoClearWithTheSimulatedClock() throws IOException {
        var rules = dev.sift.app.config.RulesFile.parse("sift.yaml", """
                transients:
                  - name: blips
                    matchers: ['alertname=~"Blip|Real"']
                    holdFor: 5m
                """);
        String stream = """
                {"id":"a1","receivedAt":"2026-03-02T08:00:00Z","labels":{"alertname":"Blip"}}
                {"id":"a2","status":"resolved","receivedAt":"2026-03-02T08:00:30Z","labels":{"alertname":"Blip"}}
                {"id":"b1","receivedAt":"2026-03-02T08:00:40Z","labels":{"alertname":"Real"}}
                {"id":"b2","receivedAt":"2026-03-02T08:04:40Z","labels":{"alertname":"Real"}}
                {"id":"c1","receivedAt":"2026-03-02T08:10:00Z","labels":{"alertname":"Other"}}
                """;

        var result = Replay.run(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), rules);

        // the blip never opened an incident; Real did when its hold ended (at the tick before c1)
        assertThat(write(result)).isEqualTo("""
                {"id":"a1","incident":"held-1"}
                {"id":"a2","incident":"held-1"}
                {"id":"b1","incident":"1"}
                {"id":"b2","incident":"1"}
                {"id":"c1","incident":"2"}
                """);
    }

    private static String replayToText(String stream) throws IOException {
        return write(Replay.run(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)),
                AutomationPolicy.defaults()));
    }

    private static String write(Replay.Result result) throws IOException {
        var out = new ByteArrayOutputStream();
        Replay.writeAssignments(result, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ReplayTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
