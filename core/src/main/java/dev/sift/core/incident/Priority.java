package dev.sift.core.incident;

/** P1 is the most urgent. */
public enum Priority {
    P1, P2, P3, P4, P5;

    public boolean moreUrgentThan(Priority other) {
        return ordinal() < other.ordinal();
    }

    /**
     * This priority moved {@code steps} towards more urgent (negative: less urgent), stopping at P1 and P5: P3 moved
     * by +1 is P2, P1 moved by +1 stays P1.
     */
    public Priority moreUrgentBy(int steps) {
        int target = Math.max(0, Math.min(values().length - 1, ordinal() - steps));
        return values()[target];
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
