package dev.sift.core.notification;

import java.util.Locale;

/** What people are told about an incident. The wire name (rules file, webhook body) is lower case with dashes. */
public enum NotificationEvent {
    /** A new incident (also one opened when a silence or inhibition of its alert ended). */
    OPENED,
    /** The incident became more urgent than people were last told (severity, a joining alert, a person). */
    PRIORITY_RAISED,
    /** An alert fired again after the incident resolved, or a person reopened it. */
    REOPENED,
    RESOLVED,
    /**
     * An SLA clock ran out. The SLA policies raise it through {@link Notifier#event}; nothing else does, so a
     * channel may list it before any SLA policy exists.
     */
    SLA_BREACHED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static NotificationEvent fromWireName(String name) {
        for (NotificationEvent e : values()) {
            if (e.wireName().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown event '" + name + "'; expected one of " + wireNames());
    }

    public static String wireNames() {
        StringBuilder b = new StringBuilder();
        for (NotificationEvent e : values()) {
            b.append(b.isEmpty() ? "" : ", ").append(e.wireName());
        }
        return b.toString();
    }

    /** How a timeline or a mail subject says it. */
    public String phrase() {
        return switch (this) {
            case OPENED -> "incident opened";
            case PRIORITY_RAISED -> "priority raised";
            case REOPENED -> "incident reopened";
            case RESOLVED -> "incident resolved";
            case SLA_BREACHED -> "SLA breached";
        };
    }
}
