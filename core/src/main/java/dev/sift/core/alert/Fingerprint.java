package dev.sift.core.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * Alert identities. Sift's own fingerprint is a SHA-256 (first 128 bits, hex) over a byte sequence in which
 * names and values are separated by {@code 0xFF}, a byte that never occurs in UTF-8 text, so that no two
 * different label sets or keys can encode to the same bytes. Alertmanager's 64-bit FNV fingerprint is
 * computed only to be kept for reference: 64 bits collide too easily to serve as our primary key.
 *
 * <p>Every alert received is fingerprinted, so both are computed over sorted arrays (label sets are small) and
 * hashed in one pass, without sorted maps or formatting.
 */
public final class Fingerprint {
    private static final byte SEPARATOR = (byte) 0xFF;
    private static final byte[] LABELS_DOMAIN = "labels".getBytes(StandardCharsets.UTF_8);
    private static final HexFormat HEX = HexFormat.of();
    /** Never updated, only cloned: a clone is cheaper than looking the algorithm up for every alert. */
    private static final MessageDigest SHA_256 = lookUpSha256();

    private Fingerprint() {}

    /** Identity of a label set, independent of insertion order. */
    public static String ofLabels(Map<String, String> labels) {
        String[] names = labels.keySet().toArray(new String[0]);
        Arrays.sort(names); // String order (UTF-16 units), as the fingerprints stored so far were made with
        MessageDigest sha = sha256();
        sha.update(LABELS_DOMAIN);
        sha.update(SEPARATOR);
        for (String name : names) {
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update(SEPARATOR);
            sha.update(labels.get(name).getBytes(StandardCharsets.UTF_8));
            sha.update(SEPARATOR);
        }
        return hex128(sha.digest());
    }

    /** Identity of an event-style alert: dedup keys are scoped to the integration that sent them. */
    public static String ofDedupKey(long integrationId, String dedupKey) {
        MessageDigest sha = sha256();
        sha.update("event".getBytes(StandardCharsets.UTF_8));
        sha.update(SEPARATOR);
        sha.update(Long.toString(integrationId).getBytes(StandardCharsets.UTF_8));
        sha.update(SEPARATOR);
        sha.update(dedupKey.getBytes(StandardCharsets.UTF_8));
        return hex128(sha.digest());
    }

    /**
     * Alertmanager's fingerprint: FNV-1a 64 over name 0xFF value 0xFF for each label in ascending byte order
     * of the names (prometheus/common model.labelSetToFingerprint), as 16 lowercase hex digits.
     */
    public static String alertmanagerFingerprint(Map<String, String> labels) {
        int n = labels.size();
        byte[][] names = new byte[n][];
        byte[][] values = new byte[n][];
        int i = 0;
        for (var e : labels.entrySet()) {
            names[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            values[i] = e.getValue().getBytes(StandardCharsets.UTF_8);
            i++;
        }
        sortByName(names, values);
        long hash = 0xcbf29ce484222325L;
        for (i = 0; i < n; i++) {
            // Two names can encode to the same bytes (unpaired surrogates both become '?'): the label that came
            // later in the map wins, as it always did; the stable sort keeps it last among its equals.
            if (i + 1 < n && Arrays.equals(names[i], names[i + 1])) {
                continue;
            }
            hash = fnv(hash, names[i]);
            hash = fnv(hash, SEPARATOR);
            hash = fnv(hash, values[i]);
            hash = fnv(hash, SEPARATOR);
        }
        return HEX.toHexDigits(hash);
    }

    /** Stable insertion sort by unsigned bytes: label sets have a handful of names. */
    private static void sortByName(byte[][] names, byte[][] values) {
        for (int i = 1; i < names.length; i++) {
            byte[] name = names[i];
            byte[] value = values[i];
            int j = i - 1;
            while (j >= 0 && Arrays.compareUnsigned(names[j], name) > 0) {
                names[j + 1] = names[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = name;
            values[j + 1] = value;
        }
    }

    private static long fnv(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = fnv(hash, b);
        }
        return hash;
    }

    private static long fnv(long hash, byte b) {
        return (hash ^ (b & 0xFF)) * 0x100000001b3L;
    }

    private static String hex128(byte[] digest) {
        return HEX.formatHex(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return lookUpSha256();
        }
    }

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
