package dev.sift.core.integration;

import java.util.Objects;

/**
 * How Sift reaches an Icinga2 API for an integration of kind icinga2. The password is a secret: it is stored, used
 * for Basic auth, and never shown again ({@link #toString()} leaves it out too).
 *
 * @param url the API's base URL, such as {@code https://icinga.example.org:5665}
 * @param caFile a PEM file with the CA that signed the API's certificate (Icinga2's own CA); null with
 *     {@code insecureTls} or to trust the JVM's default CAs
 * @param insecureTls accept any certificate and host name (tests, first steps); never with {@code caFile}
 * @param mirrorComments whether comments added to an incident in Sift are added to its Icinga2 objects too
 */
public record Icinga2Connection(String url, String username, String password, String caFile, boolean insecureTls,
                                boolean mirrorComments) {
    /** With comments mirrored, the default. */
    public Icinga2Connection(String url, String username, String password, String caFile, boolean insecureTls) {
        this(url, username, password, caFile, insecureTls, true);
    }

    public Icinga2Connection {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (caFile != null && insecureTls) {
            throw new IllegalArgumentException("caFile and insecureTls exclude each other");
        }
    }

    @Override
    public String toString() {
        return "Icinga2Connection[url=" + url + ", username=" + username + ", caFile=" + caFile + ", insecureTls="
                + insecureTls + ", mirrorComments=" + mirrorComments + "]";
    }
}
