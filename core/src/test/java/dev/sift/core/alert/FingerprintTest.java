package dev.sift.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static Map<String, String> ordered(String... nameValue) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    // ---- Alertmanager's fingerprint (kept for reference) -----------------------------------------------------

    @Test
    void alertmanagerFingerprintMatchesTheWorkedExampleOfTheProtocolReference() {
        var labels = ordered("alertname", "DiskFull", "instance", "db1:9100", "job", "node", "severity", "critical");

        assertThat(Fingerprint.alertmanagerFingerprint(labels)).isEqualTo("1751650d45bf7d6b");
    }

    @Test
    void alertmanagerFingerprintOfTheEmptyLabelSetIsTheFnvOffsetBasis() {
        assertThat(Fingerprint.alertmanagerFingerprint(Map.of())).isEqualTo("cbf29ce484222325");
    }

    @Test
    void alertmanagerFingerprintDoesNotDependOnTheOrderLabelsArriveIn() {
        var reversed = ordered("severity", "critical", "job", "node", "instance", "db1:9100", "alertname", "DiskFull");

        assertThat(Fingerprint.alertmanagerFingerprint(reversed)).isEqualTo("1751650d45bf7d6b");
    }

    @Test
    void alertmanagerFingerprintSortsLabelNamesByUtf8BytesNotByJavaChars() {
        // U+FF21 (UTF-8 EF BC A1) sorts before U+1F600 (F0 9F 98 80) by bytes, but after it by UTF-16 units.
        String fullwidthA = "\uFF21";
        String emoji = "\uD83D\uDE00";
        var bytes = new ByteArrayOutputStream();
        for (String part : new String[] {fullwidthA, "x", emoji, "y"}) {
            bytes.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            bytes.write(0xFF);
        }

        assertThat(Fingerprint.alertmanagerFingerprint(ordered(emoji, "y", fullwidthA, "x")))
                .isEqualTo(String.format("%016x", fnv1a64(bytes.toByteArray())));
    }

    @Test
    void alertmanagerFingerprintIsSixteenLowercaseHexDigitsEvenWithLeadingZeros() {
        for (int i = 0; i < 200; i++) {
            assertThat(Fingerprint.alertmanagerFingerprint(Map.of("n", Integer.toString(i)))).matches("[0-9a-f]{16}");
        }
    }

    @Test
    void alertmanagerFingerprintOfNamesThatEncodeToTheSameBytesHashesTheLaterLabelOnly() {
        // Unpaired surrogates both encode to '?' in UTF-8: one name in bytes, so one label, the one put last.
        var bytes = new ByteArrayOutputStream();
        for (String part : new String[] {"?", "second"}) {
            bytes.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            bytes.write(0xFF);
        }

        assertThat(Fingerprint.alertmanagerFingerprint(ordered("\uD800", "first", "\uDC00", "second")))
                .isEqualTo(String.format("%016x", fnv1a64(bytes.toByteArray())));
    }

    @Test
    void alertmanagerFingerprintSortsAnyNumberOfLabels() {
        var forward = new LinkedHashMap<String, String>();
        var backward = new LinkedHashMap<String, String>();
        for (int i = 0; i < 40; i++) {
            forward.put("label" + i, "v" + i);
            backward.put("label" + (39 - i), "v" + (39 - i));
        }

        assertThat(Fingerprint.alertmanagerFingerprint(forward)).isEqualTo(Fingerprint.alertmanagerFingerprint(backward));
        assertThat(Fingerprint.ofLabels(forward)).isEqualTo(Fingerprint.ofLabels(backward));
    }

    /** FNV-1a 64 written out from the spec (offset basis, prime), independent of the code under test. */
    private static long fnv1a64(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    // ---- Sift's own identities ------------------------------------------------------------------------------

    @Test
    void labelFingerprintDoesNotDependOnTheOrderLabelsArriveIn() {
        var a = ordered("alertname", "DiskFull", "instance", "db1:9100", "job", "node");
        var b = ordered("job", "node", "instance", "db1:9100", "alertname", "DiskFull");

        assertThat(Fingerprint.ofLabels(a)).isEqualTo(Fingerprint.ofLabels(b)).matches("[0-9a-f]{32}");
    }

    @Test
    void labelFingerprintChangesWhenALabelIsAddedRemovedOrChanged() {
        var base = ordered("alertname", "DiskFull", "instance", "db1");

        assertThat(Fingerprint.ofLabels(base))
                .isNotEqualTo(Fingerprint.ofLabels(ordered("alertname", "DiskFull", "instance", "db2")))
                .isNotEqualTo(Fingerprint.ofLabels(ordered("alertname", "DiskFull")))
                .isNotEqualTo(Fingerprint.ofLabels(ordered("alertname", "DiskFull", "instance", "db1", "job", "x")));
    }

    @Test
    void labelFingerprintKeepsApartLabelSetsThatOnlyDifferInWhereNamesAndValuesSplit() {
        // Without separators each pair below would hash the same concatenated text.
        assertThat(Fingerprint.ofLabels(ordered("a", "b c")))
                .isNotEqualTo(Fingerprint.ofLabels(ordered("a", "b", " c", "")));
        assertThat(Fingerprint.ofLabels(ordered("a", "bc")))
                .isNotEqualTo(Fingerprint.ofLabels(ordered("ab", "c")));
        assertThat(Fingerprint.ofLabels(ordered("a", "b", "c", "d")))
                .isNotEqualTo(Fingerprint.ofLabels(ordered("a", "bc", "d", "")))
                .isNotEqualTo(Fingerprint.ofLabels(ordered("a", "bcd", "", "")));
        assertThat(Fingerprint.ofLabels(ordered("", "")))
                .isNotEqualTo(Fingerprint.ofLabels(Map.of()));
    }

    @Test
    void labelAndDedupKeyIdentitiesNeverCoincide() {
        assertThat(Fingerprint.ofLabels(Map.of())).isNotEqualTo(Fingerprint.ofDedupKey(0, ""));
        assertThat(Fingerprint.ofLabels(ordered("1", "disk-db1")))
                .isNotEqualTo(Fingerprint.ofDedupKey(1, "disk-db1"));
        assertThat(Fingerprint.ofLabels(ordered("event", "1")))
                .isNotEqualTo(Fingerprint.ofDedupKey(1, ""));
    }

    @Test
    void dedupKeyIdentityIsScopedToTheIntegration() {
        assertThat(Fingerprint.ofDedupKey(7, "disk-db1")).isEqualTo(Fingerprint.ofDedupKey(7, "disk-db1"))
                .isNotEqualTo(Fingerprint.ofDedupKey(8, "disk-db1"))
                .matches("[0-9a-f]{32}");
        // The boundary between integration id and key is unambiguous: 1 + "2x" is not 12 + "x".
        assertThat(Fingerprint.ofDedupKey(1, "2x")).isNotEqualTo(Fingerprint.ofDedupKey(12, "x"));
    }

    @Test
    void siftFingerprintIsNotAlertmanagersFingerprint() {
        var labels = ordered("alertname", "DiskFull", "instance", "db1:9100", "job", "node", "severity", "critical");

        assertThat(Fingerprint.ofLabels(labels)).isNotEqualTo(Fingerprint.alertmanagerFingerprint(labels))
                .doesNotStartWith("1751650d45bf7d6b");
    }
}
