package dev.sift.app.effect;

/**
 * A delivery to an external system failed. {@code retryable} says whether trying again later may help (the system
 * down, a timeout, a 5xx) or not (it refused for good: a missing right, an unknown queue); the message says why, for
 * the row, the target's health and the timeline, and never holds a secret.
 */
public final class EffectFailed extends Exception {
    private final boolean retryable;

    public EffectFailed(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
