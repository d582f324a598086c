package dev.sift.core.incident;

/** P1 is the most urgent. */
public enum Priority {
    P1, P2, P3, P4, P5;

    public boolean moreUrgentThan(Priority other) {
        return ordinal() < other.ordinal();
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Priority fromWireName(String name) {
        try {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown priority '" + name + "'; expected one of P1, P2, P3, P4, P5");
        }
    }
}
