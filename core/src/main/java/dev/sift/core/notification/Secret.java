package dev.sift.core.notification;

import java.util.Objects;

/**
 * A secret of the rules file (a webhook's signing key, an SMTP password): its value, and how the file wrote it
 * ({@code ${SIFT_WEBHOOK_SECRET}} when it refers to the environment). {@link #toString()} never shows the value, so
 * that a secret cannot reach a log line or an API answer by accident.
 */
public record Secret(String value, String reference) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    /** What may be shown: the environment variable it came from, or that it was written into the file. */
    public String describe() {
        return reference != null ? reference : "(written in the file)";
    }

    @Override
    public String toString() {
        return "Secret[" + describe() + "]";
    }
}
