package dev.sift.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Generates secrets and the hashes that are stored instead of them. Secrets are 128 random bits, so a fast hash
 * (SHA-256) is safe: there is nothing to guess. Passwords, which people choose, would need a slow hash.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Prefix of personal API tokens, so that a leaked one is recognisable (and greppable). */
    public static final String TOKEN_PREFIX = "sift_";

    private Secrets() {}

    /**
     * An integration key: 32 lowercase hex digits, the length PagerDuty's routing keys have, so that senders
     * that validate the length accept it.
     */
    public static String newIntegrationKey() {
        return hex(16);
    }

    public static String newUserToken() {
        return TOKEN_PREFIX + hex(20);
    }

    public static String hash(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
