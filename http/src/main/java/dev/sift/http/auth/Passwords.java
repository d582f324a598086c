package dev.sift.http.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: PBKDF2-HMAC-SHA256 from the JDK, salted, slow on purpose. People choose passwords, so unlike
 * tokens they can be guessed; the work factor makes each guess against a stolen hash cost about as much as a
 * sign-in. The stored form names its algorithm and iteration count ({@code pbkdf2-sha256$600000$salt$hash}), so
 * that the count can be raised later without breaking existing hashes.
 */
public final class Passwords {
    /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about a quarter of a second here. */
    public static final int ITERATIONS = 600_000;
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when the user does not exist, so that a wrong name takes as long as a wrong password. */
    private static final String DECOY = hash("decoy password that matches nothing");

    private Passwords() {}

    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
    }

    /** Whether {@code password} matches {@code stored}; a null {@code stored} (no such user) costs the same and fails. */
    public static boolean matches(String password, String stored) {
        String[] parts = (stored == null ? DECOY : stored).split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        try {
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
            return MessageDigest.isEqual(expected, actual) && stored != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Why this password is refused, or null when it is acceptable. */
    public static String problem(String password) {
        if (password.length() < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters long";
        }
        if (password.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters long";
        }
        return null;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
