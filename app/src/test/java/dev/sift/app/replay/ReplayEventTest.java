package dev.sift.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.core.alert.Fingerprint;
import dev.sift.core.alert.Source;
import dev.sift.core.signal.Signal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How one line of a recorded stream becomes a signal, edge cases included: fields may be missing, of another JSON
 * type, or carry times in any RFC 3339 form. Replay's output is a contract, so these pin the reading exactly.
 */
class ReplayEventTest {
    private static final String LABELS = "\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"db1\",\"severity\":\"critical\"}";
    private static final Instant PREVIOUS = Instant.parse("2026-03-02T07:00:00Z");

    @Test
    void aFiringLineBecomesAFiringSignalWithItsLabelsAnnotationsTitleAndTimes() {
        ReplayEvent e = parse("""
                {"id":"e1","receivedAt":"2026-03-02T08:00:05Z","status":"firing",%s,
                 "annotations":{"summary":"Disk full on db1","runbook":"r"},"startsAt":"2026-03-02T08:00:00Z",
                 "generatorURL":{"ignored":[1,2,{"x":null}]}}""".formatted(LABELS));

        assertThat(e.id()).isEqualTo("e1");
        assertThat(e.receivedAt()).isEqualTo("2026-03-02T08:00:05Z");
        var labels = Map.of("alertname", "DiskFull", "instance", "db1", "severity", "critical");
        var f = (Signal.Firing) e.signal();
        assertThat(f.source()).isEqualTo(Source.REPLAY);
        assertThat(f.fingerprint()).isEqualTo(Fingerprint.ofLabels(labels));
        assertThat(f.startsAt()).isEqualTo("2026-03-02T08:00:00Z");
        assertThat(f.description().labels()).isEqualTo(labels);
        assertThat(f.description().annotations()).isEqualTo(Map.of("summary", "Disk full on db1", "runbook", "r"));
        assertThat(f.description().title()).isEqualTo("Disk full on db1");
        assertThat(f.description().severity()).isEqualTo("critical");
        assertThat(f.description().upstreamFingerprint()).isEqualTo(Fingerprint.alertmanagerFingerprint(labels));
        assertThat(f.description().dedupKey()).isNull();
    }

    @Test
    void withoutASummaryTheTitleIsTheAlertNameAndWithoutThatAlert() {
        assertThat(firing("{%s,\"receivedAt\":\"2026-03-02T08:00:00Z\"}".formatted(LABELS)).description().title())
                .isEqualTo("DiskFull");
        assertThat(firing("{\"labels\":{\"job\":\"x\"},\"receivedAt\":\"2026-03-02T08:00:00Z\"}").description().title())
                .isEqualTo("alert");
    }

    @Test
    void anEventWithoutIdIsNamedAfterItsLine() {
        assertThat(parse("{%s,\"receivedAt\":\"2026-03-02T08:00:00Z\"}".formatted(LABELS)).id()).isEqualTo("line-7");
        assertThat(parse("{\"id\":null,%s,\"receivedAt\":\"2026-03-02T08:00:00Z\"}".formatted(LABELS)).id())
                .isEqualTo("line-7");
    }

    @Test
    void scalarsOfOtherTypesAreReadAsTheirTextAndContainersAsEmptyText() {
        ReplayEvent e = parse("""
                {"id":42,"labels":{"n":5,"big":12345678901234567890,"f":1.50,"e":1e3,"b":true,"z":null,"o":{"a":1},
                 "a":[1]},"receivedAt":"2026-03-02T08:00:00Z"}""");

        assertThat(e.id()).isEqualTo("42");
        assertThat(((Signal.Firing) e.signal()).description().labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "n", "5", "big", "12345678901234567890", "f", "1.5", "e", "1000.0", "b", "true", "z", "null",
                "o", "", "a", ""));
    }

    @Test
    void aLabelNamedTwiceKeepsItsLastValue() {
        var labels = firing("{\"labels\":{\"a\":\"1\",\"b\":\"2\",\"a\":\"3\"},\"receivedAt\":\"2026-03-02T08:00:00Z\"}")
                .description().labels();

        assertThat(labels).isEqualTo(Map.of("a", "3", "b", "2"));
    }

    @Test
    void aFieldNamedTwiceKeepsItsLastValue() {
        ReplayEvent e = parse("{\"id\":\"a\",\"id\":\"b\",\"labels\":{\"x\":\"1\"},\"labels\":{\"y\":\"2\"},"
                + "\"receivedAt\":\"2026-03-02T08:00:00Z\"}");

        assertThat(e.id()).isEqualTo("b");
        assertThat(((Signal.Firing) e.signal()).description().labels()).isEqualTo(Map.of("y", "2"));
    }

    @Test
    void aLineThatIsNotPlainAsciiIsReadAsUtf8Text() {
        ReplayEvent e = parse("{\"id\":\"é1\",\"labels\":{\"zone\":\"Zürich\",\"🙂\":\"x\"},"
                + "\"receivedAt\":\"2026-03-02T08:00:00Z\"}");

        assertThat(e.id()).isEqualTo("é1");
        assertThat(((Signal.Firing) e.signal()).description().labels()).isEqualTo(Map.of("zone", "Zürich", "🙂", "x"));
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharacters() {
        byte[] line = "{\"id\":\"a?b\",\"labels\":{\"k\":\"v\"},\"receivedAt\":\"2026-03-02T08:00:00Z\"}"
                .getBytes(StandardCharsets.US_ASCII);
        line[8] = (byte) 0xE2; // the start of a three-byte sequence, cut short

        assertThat(new ReplayEventParser().parse(line, 0, line.length, 1, null).id()).isEqualTo("a\uFFFDb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t \t", "\u000B", "\u2003\u3000 ", "\u001F"})
    void aBlankLineIsNoEventWhicheverWhitespaceItHas(String blank) {
        byte[] bytes = blank.getBytes(StandardCharsets.UTF_8);

        assertThat(new ReplayEventParser().parse(bytes, 0, bytes.length, 1, null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u0000", "{\"labels\":{\"a\":\"b\u0001\"}}", "\uFEFF{\"labels\":{\"a\":\"b\"}}"})
    void controlCharactersAndNonBreakingSpacesAreRefusedAsText(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new ReplayEventParser().parse(bytes, 0, bytes.length, 1, null))
                .hasMessage(messageOf(() -> new ReplayEventParser().parse(line, 1, null)))
                .hasMessageStartingWith("line 1: ");
    }

    private static String messageOf(Runnable parse) {
        try {
            parse.run();
            throw new AssertionError("accepted");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void aLabelSetSeenBeforeReadsTheSameWhetherWrittenTheSameWayOrNot() {
        var parser = new ReplayEventParser();
        String time = ",\"receivedAt\":\"2026-03-02T08:00:00Z\"}";
        var first = (Signal.Firing) parser.parse("{\"labels\":{\"b\":\"2\",\"a\":\"1\"}" + time, 1, null).signal();
        var same = (Signal.Firing) parser.parse("{\"labels\":{\"b\":\"2\",\"a\":\"1\"}" + time, 2, null).signal();
        var reordered = (Signal.Firing) parser.parse("{\"labels\": { \"a\":\"1\", \"b\":2 }" + time, 3, null).signal();
        var other = (Signal.Firing) parser.parse("{\"labels\":{\"b\":\"2\",\"a\":\"11\"}" + time, 4, null).signal();

        for (var s : java.util.List.of(same, reordered)) {
            assertThat(s.fingerprint()).isEqualTo(first.fingerprint());
            assertThat(s.description().labels()).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(s.description().upstreamFingerprint()).isEqualTo(first.description().upstreamFingerprint());
        }
        assertThat(other.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(other.description().labels()).containsEntry("a", "11");
    }

    @Test
    void emptyLabelsAreRefusedEveryTimeTheyAreSeen() {
        var parser = new ReplayEventParser();
        for (int line = 1; line <= 2; line++) {
            int n = line;
            assertThatThrownBy(() -> parser.parse("{\"labels\":{},\"receivedAt\":\"2026-03-02T08:00:00Z\"}", n, null))
                    .hasMessage("line " + n + ": labels are missing or empty");
        }
    }

    @Test
    void statusResolvedMakesAResolveWithItsEndTime() {
        var r = (Signal.Resolved) parse("{\"status\":\"resolved\",%s,\"receivedAt\":\"2026-03-02T08:00:00Z\","
                .formatted(LABELS) + "\"endsAt\":\"2026-03-02T07:59:00Z\"}").signal();

        assertThat(r.endsAt()).isEqualTo("2026-03-02T07:59:00Z");
        assertThat(r.fingerprint()).isEqualTo(Fingerprint.ofLabels(
                Map.of("alertname", "DiskFull", "instance", "db1", "severity", "critical")));
    }

    @ParameterizedTest
    @CsvSource({
            "'', firing",                                       // no endsAt: still firing
            "'\"endsAt\":\"2026-03-02T08:00:00Z\",', resolved",  // ended when received
            "'\"endsAt\":\"2026-03-02T07:00:00Z\",', resolved",
            "'\"endsAt\":\"2026-03-02T09:00:00Z\",', firing",    // Alertmanager's endsAt in the future: firing
            "'\"endsAt\":\"0001-01-01T00:00:00Z\",', firing",    // Go's zero time means none
            "'\"endsAt\":\"\",', firing",
            "'\"status\":\"pending\",\"endsAt\":\"2026-03-02T07:00:00Z\",', firing"})
    void withoutAStatusTheEndTimeDecides(String fields, String expected) {
        Signal s = parse("{" + fields + LABELS + ",\"receivedAt\":\"2026-03-02T08:00:00Z\"}").signal();

        assertThat(s instanceof Signal.Resolved ? "resolved" : "firing").isEqualTo(expected);
    }

    @Test
    void withoutReceivedAtTheEventTakesThePreviousTimeElseItsStart() {
        assertThat(parse("{%s,\"startsAt\":\"2026-03-02T08:00:00Z\"}".formatted(LABELS)).receivedAt())
                .isEqualTo(PREVIOUS);
        assertThat(new ReplayEventParser().parse("{%s,\"startsAt\":\"2026-03-02T08:00:00Z\"}".formatted(LABELS), 1, null)
                .receivedAt())
                .isEqualTo("2026-03-02T08:00:00Z");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-03-02T08:00:00Z, 2026-03-02T08:00:00Z",
            "2026-03-02T08:00:00.5Z, 2026-03-02T08:00:00.500Z",
            "2026-03-02T08:00:00.123456789Z, 2026-03-02T08:00:00.123456789Z",
            "2026-03-02T10:30:00+02:30, 2026-03-02T08:00:00Z",
            "2026-03-02T03:00:00-05:00, 2026-03-02T08:00:00Z",
            "2026-03-02t08:00:00z, 2026-03-02T08:00:00Z",
            "2026-03-02T08:00Z, 2026-03-02T08:00:00Z",
            "2024-02-29T23:59:59Z, 2024-02-29T23:59:59Z",
            "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z"})
    void timesAreReadInEveryRfc3339Form(String text, Instant expected) {
        assertThat(parse("{%s,\"receivedAt\":\"%s\"}".formatted(LABELS, text)).receivedAt()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-02-30T08:00:00Z", "2025-02-29T08:00:00Z", "2026-03-02T24:00:00Z",
            "2026-03-02T23:59:60Z", "2026-13-02T08:00:00Z", "2026-03-02 08:00:00Z", "2026-03-02T08:00:00",
            "2026-03-02T08:00:00.1234567890Z", "+2026-03-02T08:00:00Z", "2026-3-02T08:00:00Z"})
    void aTimeThatIsNotRfc3339IsRefusedNamingLineFieldAndText(String text) {
        assertThatThrownBy(() -> parse("{%s,\"startsAt\":\"%s\",\"receivedAt\":\"2026-03-02T08:00:00Z\"}"
                .formatted(LABELS, text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 7: startsAt is not an RFC 3339 time: '" + text + "'");
    }

    @Test
    void aTimeThatIsNotAStringIsReadAsItsText() {
        assertThatThrownBy(() -> parse("{%s,\"receivedAt\":20260302}".formatted(LABELS)))
                .hasMessage("line 7: receivedAt is not an RFC 3339 time: '20260302'");
    }

    /**
     * The line read from its bytes, as files are read, checked against the same line read as text (the way
     * non-ASCII lines are read): same event, or same refusal.
     */
    private static ReplayEvent parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        ReplayEvent fromBytes;
        try {
            fromBytes = new ReplayEventParser().parse(bytes, 0, bytes.length, 7, PREVIOUS);
        } catch (IllegalArgumentException refused) {
            assertThatThrownBy(() -> new ReplayEventParser().parse(line, 7, PREVIOUS)).hasMessage(refused.getMessage());
            throw refused;
        }
        assertThat(fromBytes).isEqualTo(new ReplayEventParser().parse(line, 7, PREVIOUS));
        return fromBytes;
    }

    private static Signal.Firing firing(String line) {
        return (Signal.Firing) parse(line).signal();
    }
}
