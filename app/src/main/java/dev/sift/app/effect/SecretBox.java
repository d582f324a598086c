package dev.sift.app.effect;

import dev.sift.storage.SecretSealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets of external systems (tokens, passwords, signing keys) for the database: AES-256-GCM with a
 * random nonce per value. Unlike API keys (ADR 3) they cannot be hashed: Sift must send them. The key comes from
 * {@code SIFT_SECRET_KEY} (base64 of 32 bytes), else from {@code secret.key} in Sift's home, made on first use
 * (mode 0600). A database dump alone then reveals no secret.
 */
public final class SecretBox implements SecretSealer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;
    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the secret key must be 32 bytes (base64), got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The key of {@code SIFT_SECRET_KEY} if set, else of {@code <home>/secret.key} (made when missing). */
    public static SecretBox open(String fromEnvironment, Path home) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new SecretBox(Base64.getDecoder().decode(fromEnvironment.strip()));
        }
        Path file = home.resolve("secret.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path tmp = Files.createTempFile(home, "secret", ".key",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n");
                try {
                    Files.move(tmp, file); // not replacing: a concurrent first start keeps the first key
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    Files.delete(tmp);
                }
            }
            return new SecretBox(Base64.getDecoder().decode(Files.readString(file).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the secret key " + file, e);
        }
    }

    @Override
    public String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws IllegalStateException when the value was sealed with another key (the key file changed) */
    @Override
    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith("v1:")) {
            throw new IllegalStateException("not a sealed secret");
        }
        byte[] all = Base64.getDecoder().decode(sealed.substring(3));
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE));
            return new String(c.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored secret cannot be decrypted with this key (SIFT_SECRET_KEY or"
                    + " secret.key changed?)");
        }
    }

    @Override
    public boolean isSealed(String stored) {
        return stored != null && stored.startsWith("v1:");
    }
}
