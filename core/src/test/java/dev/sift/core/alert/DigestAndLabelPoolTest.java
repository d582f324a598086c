package dev.sift.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestAndLabelPoolTest {

    @Test
    void theDigestIgnoresOrderButNoticesAnyChangedKeyOrValue() {
        var ab = new LinkedHashMap<String, String>();
        ab.put("summary", "disk 91% full");
        ab.put("runbook", "https://runbooks/disk");
        var ba = new LinkedHashMap<String, String>();
        ba.put("runbook", "https://runbooks/disk");
        ba.put("summary", "disk 91% full");

        assertThat(Digest.of(ab)).isEqualTo(Digest.of(ba)).isEqualTo(Digest.of(Map.copyOf(ab)));
        assertThat(Digest.of(ab)).isNotEqualTo(Digest.of(Map.of("summary", "disk 97% full",
                "runbook", "https://runbooks/disk")));
        assertThat(Digest.of(ab)).isNotEqualTo(Digest.of(Map.of("summary", "disk 91% full")));
        // the same strings in other roles are another map
        assertThat(Digest.of(Map.of("a", "b"))).isNotEqualTo(Digest.of(Map.of("b", "a")));
        assertThat(Digest.of(Map.of())).isNotEqualTo(Digest.of(Map.of("", "")));
    }

    @Test
    void aRepeatWithOtherAnnotationsIsAChangeAndOneWithTheSameIsNot() {
        var first = new AlertDescription(Map.of("alertname", "DiskFull"), Map.of("summary", "91%"), "91%", null,
                null, null);
        Alert a = Alert.open(1, 1, Source.ALERTMANAGER, 0, "f", first, null, java.time.Instant.EPOCH);

        assertThat(a.seen(java.time.Instant.EPOCH, first)).isFalse();
        var changed = new AlertDescription(first.labels(), Map.of("summary", "91%", "value", "0.91"), "91%", null,
                null, null);
        assertThat(a.seen(java.time.Instant.EPOCH, changed)).isTrue();
        assertThat(a.seen(java.time.Instant.EPOCH, changed)).isFalse();
        assertThat(a.count()).isEqualTo(4);
    }

    @Test
    void equalLabelStringsAreSharedBetweenAlerts() {
        var pool = new LabelPool(100);
        Map<String, String> one = pool.share(Map.of(new String("zone"), new String("AB"),
                new String("instance"), "host-1"));
        Map<String, String> two = pool.share(Map.of(new String("zone"), new String("AB"),
                new String("instance"), "host-2"));

        assertThat(two).isEqualTo(Map.of("zone", "AB", "instance", "host-2"));
        String zoneOfOne = one.get("zone");
        assertThat(two.get("zone")).isSameAs(zoneOfOne);
        assertThat(two.keySet()).allSatisfy(k -> assertThat(one.keySet()).anySatisfy(o -> assertThat(o).isSameAs(k)));
    }

    @Test
    void aFullPoolStillAnswersEqualMapsAndLongValuesAreNotPooled() {
        var pool = new LabelPool(2);
        pool.share(Map.of("a", "1"));
        Map<String, String> more = pool.share(Map.of("b", "2", "c", "3"));

        assertThat(more).isEqualTo(Map.of("b", "2", "c", "3"));
        assertThat(pool.size()).isEqualTo(2);
        pool.share(Map.of("a", "x".repeat(LabelPool.MAX_SHARED_LENGTH + 1)));
        assertThat(pool.size()).isEqualTo(2);
    }
}
