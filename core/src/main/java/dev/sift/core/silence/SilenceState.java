package dev.sift.core.silence;

import java.util.Locale;

/** Where a silence stands at a given time; derived from its times, never stored. */
public enum SilenceState {
    PENDING, ACTIVE, EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SilenceState fromWireName(String name) {
        for (SilenceState s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown silence state '" + name + "'; expected pending, active or expired");
    }
}
