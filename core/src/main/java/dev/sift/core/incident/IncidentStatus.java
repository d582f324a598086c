package dev.sift.core.incident;

import java.util.Locale;

/** Where an incident is in its life: nobody owns it, someone took it, paused, fixed, done. */
public enum IncidentStatus {
    TRIGGERED,
    ACKNOWLEDGED,
    SNOOZED,
    RESOLVED,
    CLOSED;

    public boolean isOpen() {
        return this == TRIGGERED || this == ACKNOWLEDGED || this == SNOOZED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static IncidentStatus fromWireName(String name) {
        for (IncidentStatus s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + name
                + "'; expected one of triggered, acknowledged, snoozed, resolved, closed");
    }
}
