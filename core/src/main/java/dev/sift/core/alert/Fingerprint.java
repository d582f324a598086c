package dev.sift.core.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alert identities. Sift's own fingerprint is a SHA-256 (first 128 bits, hex) over a byte sequence in which
 * names and values are separated by {@code 0xFF}, a byte that never occurs in UTF-8 text, so that no two
 * different label sets or keys can encode to the same bytes. Alertmanager's 64-bit FNV fingerprint is
 * computed only to be kept for reference: 64 bits collide too easily to serve as our primary key.
 */
public final class Fingerprint {
    private static final byte SEPARATOR = (byte) 0xFF;

    private Fingerprint() {}

    /** Identity of a label set, independent of insertion order. */
    public static String ofLabels(Map<String, String> labels) {
        MessageDigest sha = sha256();
        sha.update("labels".getBytes(StandardCharsets.UTF_8));
        sha.update(SEPARATOR);
        for (var e : new TreeMap<>(labels).entrySet()) {
            sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update(SEPARATOR);
            sha.update(e.getValue().getBytes(StandardCharsets.UTF_8));
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
        var sorted = new TreeMap<byte[], byte[]>(java.util.Arrays::compareUnsigned);
        labels.forEach((k, v) -> sorted.put(k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
        long hash = 0xcbf29ce484222325L;
        for (var e : sorted.entrySet()) {
            hash = fnv(hash, e.getKey());
            hash = fnv(hash, new byte[] {SEPARATOR});
            hash = fnv(hash, e.getValue());
            hash = fnv(hash, new byte[] {SEPARATOR});
        }
        return String.format("%016x", hash);
    }

    private static long fnv(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash ^= (b & 0xFF);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static String hex128(byte[] digest) {
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
