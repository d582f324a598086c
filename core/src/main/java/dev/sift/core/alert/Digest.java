package dev.sift.core.alert;

import java.util.Map;

/**
 * A 64-bit digest of a string map that does not depend on the map's iteration order (immutable maps iterate in an
 * order that changes from one JVM run to the next). Used to notice that free text changed without keeping it.
 */
final class Digest {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Digest() {}

    static long of(Map<String, String> map) {
        long sum = map.size();
        for (var e : map.entrySet()) {
            // each entry hashed on its own, then combined with +, which is commutative: order does not matter
            sum += mix(fnv(fnv(FNV_OFFSET, e.getKey()) ^ 0xff, e.getValue()));
        }
        return sum;
    }

    /** FNV-1a over UTF-16 units (one step per char: this is a digest, not a wire format). */
    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    /** A finaliser (from SplitMix64) so that sums of entry hashes do not cancel out in regular patterns. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
