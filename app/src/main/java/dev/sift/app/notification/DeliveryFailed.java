package dev.sift.app.notification;

/**
 * A notification could not be delivered. {@code retryable} says whether trying again later may help (a receiver
 * down, a timeout, a 5xx) or not (the receiver refused it for good: most 4xx, an address the mail server rejects);
 * the message says why, for the outbox row and the timeline, and never holds a secret.
 */
final class DeliveryFailed extends Exception {
    private final boolean retryable;

    DeliveryFailed(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }
}
