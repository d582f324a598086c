package dev.sift.core.alert;

/** Whether the condition behind an alert currently holds. */
public enum AlertStatus {
    FIRING,
    RESOLVED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
